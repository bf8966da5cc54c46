using AsyncAi.Reliability.Properties;

namespace AsyncAi.Reliability.Scenarios;

/// <summary>
/// The readers again, now inside the real processes: FsCheck-generated mutations of valid jobs go to the worker's
/// request queue and mutations of valid events to the backend's response queue, between good jobs. Neither process
/// may die, no message may loop, everything dead-lettered carries a reason, and the good jobs still complete.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class FuzzTests
{
    [Fact]
    public async Task Mutated_jobs_and_events_never_crash_the_worker_or_the_backend_and_never_loop()
    {
        var wall = Stopwatch.StartNew();
        var count = ReliabilityProfile.Current.FuzzMessages;
        await using var stage = await Stage.CreateAsync("fuzz");
        var backend = stage.StartBackend();
        var worker = stage.StartWorker(new Dictionary<string, string> { ["MaxAttempts"] = "3" });
        await Task.WhenAll(backend.WaitForReadyAsync(), worker.WaitForReadyAsync());

        var jobs = WireMessages.Mutated(WireMessages.ValidJobs).Sample(count);
        var events = WireMessages.Mutated(WireMessages.ValidEvents).Sample(count);
        var refused = 0;
        refused += await SendAllAsync(stage, stage.Resources.RequestQueueUrl, jobs, BodyKinds.Job);
        refused += await SendAllAsync(stage, stage.Resources.ResponseQueueUrl!, events, BodyKinds.Event);
        var good = await Jobs.PublishAsync(stage, JobTypes.Checksum, i => new ChecksumParameters { Bytes = 100 + i }, HostJsonContext.Default.ChecksumParameters, ReliabilityProfile.Current.GoodJobs);

        Assert.True(await stage.WaitForRecordsAsync(good, TimeSpan.FromSeconds(90), [worker, backend]), "good jobs did not complete next to the fuzzed messages");
        var requestLeft = await stage.Checks.WaitForEmptyAsync(stage.Resources.RequestQueueUrl, TimeSpan.FromSeconds(40));
        var responseLeft = await stage.Checks.WaitForEmptyAsync(stage.Resources.ResponseQueueUrl!, TimeSpan.FromSeconds(20));
        var deadJobs = await stage.Checks.DrainAsync(stage.Resources.RequestDeadLetterQueueUrl);
        var deadEvents = await stage.Checks.DrainAsync(stage.Resources.ResponseDeadLetterQueueUrl!);
        var records = stage.Records();
        var delivery = Checks.Delivery(good, records);
        var withoutReason = deadJobs.Concat(deadEvents).Count(m => m.MessageAttributes?.GetValueOrDefault(MessageAttributeNames.DeadLetterReason)?.StringValue is not { Length: > 0 });
        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = "Fuzz through the processes",
            Sent = good.Count + 2 * count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            DeadLettered = deadJobs.Count + deadEvents.Count, WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = $"{count} mutated jobs to the worker, {count} mutated events to the backend (FsCheck generators of the property tests), {refused} refused by the queue; dead-lettered: {deadJobs.Count} jobs, {deadEvents.Count} events, {withoutReason} without a reason; left on the queues: {requestLeft} + {responseLeft}; {good.Count} good jobs completed",
        });

        Assert.False(worker.HasExited, "the worker died");
        Assert.False(backend.HasExited, "the backend died");
        Assert.Equal((good.Count, 0, 0), (delivery.Completed, delivery.Lost, delivery.Duplicated));
        Assert.Equal(0, requestLeft);
        Assert.Equal(0, responseLeft);
        Assert.Equal(0, withoutReason);
        Assert.NotEmpty(deadJobs);
        Assert.NotEmpty(deadEvents);
    }

    private static async Task<int> SendAllAsync(Stage stage, Uri queue, IEnumerable<string> bodies, string kind)
    {
        var refused = 0;
        foreach (var body in bodies)
        {
            try
            {
                await stage.Sqs.SendMessageAsync(new SendMessageRequest
                {
                    QueueUrl = queue.AbsoluteUri,
                    MessageBody = body.Length == 0 ? " " : body,
                    MessageAttributes = new Dictionary<string, MessageAttributeValue>
                    {
                        [MessageAttributeNames.WireVersion] = new() { DataType = "String", StringValue = "1" },
                        [MessageAttributeNames.BodyKind] = new() { DataType = "String", StringValue = kind },
                    },
                });
            }
            catch (Exception ex) when (ex is Amazon.SQS.AmazonSQSException or ArgumentException)
            {
                refused++;
            }
        }

        return refused;
    }
}
