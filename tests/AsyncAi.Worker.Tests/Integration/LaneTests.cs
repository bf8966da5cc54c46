namespace AsyncAi.Worker.Tests.Integration;

/// <summary>Priority lanes end to end: a producer publishes to a lane's queue, a worker polls its lanes and settles each message on its own queue.</summary>
public sealed class LaneTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task Jobs_published_to_a_lane_and_to_the_request_queue_both_complete_and_each_leaves_its_own_queue()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);
        var high = (await JobQueues.CreateAsync(Emulator, "lane-high")).RequestQueueUrl;
        await env.StartWorkerAsync(o =>
        {
            o.Lanes.Add(new WorkerLaneOptions { Name = "high", QueueUrl = high, Weight = 4 });
            o.Lanes.Add(new WorkerLaneOptions { Name = "normal" });
        });
        var producer = await env.StartHostAsync(services => services.AddAsyncAiClient(o =>
        {
            o.RequestQueueUrl = env.RequestQueueUrl;
            o.Bucket = env.Bucket;
            o.Lanes["high"] = high;
        }));
        var publisher = producer.Services.GetRequiredService<IJobPublisher>();

        var urgent = await publisher.PublishAsync(new JobRequest("echo") { Lane = "high" });
        var normal = await publisher.PublishAsync(new JobRequest("echo"));

        Assert.Equal(JobStatus.Succeeded, (await env.WaitAsync(urgent.JobId)).Status);
        Assert.Equal(JobStatus.Succeeded, (await env.WaitAsync(normal.JobId)).Status);
        Assert.Equal(0, await MessagesOnAsync(env.Sqs, high));
        Assert.Equal(0, await MessagesOnAsync(env.Sqs, env.RequestQueueUrl));
    }

    [Fact]
    public async Task Publishing_to_a_lane_the_producer_does_not_know_fails_before_anything_is_sent()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => env.Publisher.PublishManyAsync([new JobRequest("echo"), new JobRequest("echo") { Lane = "vip" }]));

        Assert.Contains("'vip'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await MessagesOnAsync(env.Sqs, env.RequestQueueUrl));
    }

    [Fact]
    public void Lanes_that_do_not_name_the_request_queue_exactly_once_or_repeat_a_name_are_refused_at_start()
    {
        var options = new AsyncAiWorkerOptions { RequestQueueUrl = new Uri("https://sqs/requests"), ResponseQueueUrl = new Uri("https://sqs/responses"), Bucket = "b" };
        options.Lanes.Add(new WorkerLaneOptions { Name = "high", QueueUrl = new Uri("https://sqs/high") });
        options.Lanes.Add(new WorkerLaneOptions { Name = "high", QueueUrl = new Uri("https://sqs/bulk"), Weight = 0 });
        options.LanePolicy = LanePolicy.Strict;
        options.LaneMinimumShare = 0.9;

        var failures = new AsyncAiWorkerOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("AsyncAi:Worker:Lanes:1:Name = 'high': is used by another lane", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("AsyncAi:Worker:Lanes:1:Weight = 0: must be between 1 and 1000", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("AsyncAi:Worker:Lanes = '0 lanes': exactly one lane must be the request queue", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("AsyncAi:Worker:LaneMinimumShare = 0.9: must be between", StringComparison.Ordinal));
    }

    [Fact]
    public void Lanes_bound_from_configuration_keep_their_order_and_strict_priority_weighs_the_first_lane_most()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RequestQueueUrl"] = "https://sqs/normal",
            ["LanePolicy"] = "Strict",
            ["Lanes:0:Name"] = "high",
            ["Lanes:0:QueueUrl"] = "https://sqs/high",
            ["Lanes:1:Name"] = "normal",
            ["Lanes:2:Name"] = "bulk",
            ["Lanes:2:QueueUrl"] = "https://sqs/bulk",
        }).Build();
        var options = new AsyncAiWorkerOptions();
        configuration.Bind(options);

        var plan = AsyncAi.Worker.Sqs.LanePlan.Of(options);

        Assert.Equal(["high", "normal", "bulk"], plan.Select(l => l.Name));
        Assert.Equal(new Uri("https://sqs/normal"), plan[1].QueueUrl);
        Assert.True(plan[0].Weight > plan[1].Weight);
        Assert.Equal(plan[1].Weight, plan[2].Weight);
    }

    private static async Task<int> MessagesOnAsync(IAmazonSQS sqs, Uri queue)
    {
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queue.AbsoluteUri,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }
}
