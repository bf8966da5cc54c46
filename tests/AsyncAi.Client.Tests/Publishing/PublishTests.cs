using System.Diagnostics;
using AsyncAi.Aws.Storage;
using AsyncAi.Aws.Messages;

namespace AsyncAi.Client.Tests.Publishing;

public sealed class PublishTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task Published_job_arrives_intact_with_its_attributes()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var deadline = DateTimeOffset.UtcNow.AddHours(1);
        var request = new JobRequest("ocr")
        {
            Inputs = new Dictionary<string, ObjectReference> { ["image"] = new(resources.Bucket, "jobs/owner=tenant-a/x/inputs/image") },
            Parameters = JsonDocument.Parse("""{"language":"de","dpi":300}""").RootElement,
            Metadata = new Dictionary<string, string> { ["user"] = "u-1" },
            Owner = "tenant-a",
            Deadline = deadline,
        };

        var published = await client.Publisher.PublishAsync(request);

        var message = Assert.Single(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1));
        Assert.Equal("1", message.MessageAttributes[MessageAttributeNames.WireVersion].StringValue);
        Assert.Equal(BodyKinds.Job, message.MessageAttributes[MessageAttributeNames.BodyKind].StringValue);
        Assert.Equal(published.JobId.Value, message.MessageAttributes[MessageAttributeNames.JobId].StringValue);
        Assert.Equal("ocr", message.MessageAttributes[MessageAttributeNames.JobType].StringValue);

        var job = (await new IncomingJobReader(new S3JobFolders(() => client.S3)).ReadAsync(message, default)).Job;
        Assert.Equal(published.JobId, job.JobId);
        Assert.Equal("ocr", job.JobType);
        Assert.Equal(request.Inputs["image"], job.Inputs["image"]);
        Assert.Equal(300, job.Parameters!.Value.GetProperty("dpi").GetInt32());
        Assert.Equal("u-1", job.Metadata["user"]);
        Assert.Equal("tenant-a", job.Owner);
        Assert.Equal(deadline, job.Deadline);
        Assert.Equal(new ObjectReference(resources.Bucket, $"jobs/owner=tenant-a/{published.JobId}/"), job.OutputPrefix);
        Assert.Equal(job.OutputPrefix, published.Prefix);
        Assert.False(published.IsDuplicate);
    }

    [Fact]
    public async Task A_resend_is_marked_so_the_worker_looks_for_its_completion_first_and_a_first_send_is_not()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);

        var first = await client.Publisher.PublishAsync(new JobRequest("ocr"));
        await client.Publisher.PublishAsync(new JobRequest("ocr") { JobId = first.JobId, IsResend = true });

        var messages = await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 2);
        Assert.All(messages, m => Assert.Equal(first.JobId.Value, m.MessageAttributes[MessageAttributeNames.JobId].StringValue));
        Assert.Equal(1, messages.Count(m => m.MessageAttributes.TryGetValue(MessageAttributeNames.Resend, out var v) && v.StringValue == "1"));
        Assert.Equal(1, messages.Count(m => !m.MessageAttributes.ContainsKey(MessageAttributeNames.Resend)));
    }

    [Fact]
    public async Task Publish_carries_the_trace_context_of_its_producer_span()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "AsyncAi.Client",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);

        var published = await client.Publisher.PublishAsync(new JobRequest("ocr"));

        var message = Assert.Single(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1));
        var traceParent = message.MessageAttributes[MessageAttributeNames.TraceParent].StringValue;
        var span = Assert.Single(spans, s => Equals(s.GetTagItem("asyncai.job.id"), published.JobId.Value));
        Assert.Equal(ActivityKind.Producer, span.Kind);
        Assert.Equal(span.Id, traceParent);
    }

    [Fact]
    public async Task Publishing_25_jobs_sends_3_batches_and_every_job_arrives_intact()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var batchCalls = 0;
        client.Sqs.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs { Request: SendMessageBatchRequest })
            {
                Interlocked.Increment(ref batchCalls);
            }
        };
        var requests = Enumerable.Range(0, 25).Select(i => new JobRequest("resize")
        {
            Parameters = JsonDocument.Parse($$"""{"index":{{i}}}""").RootElement,
        }).ToList();

        var published = await client.Publisher.PublishManyAsync(requests);

        Assert.Equal(3, batchCalls);
        Assert.Equal(25, published.Count);
        Assert.Equal(25, published.Select(p => p.JobId).Distinct().Count());
        var messages = await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 25);
        Assert.Equal(25, messages.Count);
        var reader = new IncomingJobReader(new S3JobFolders(() => client.S3));
        var jobs = new Dictionary<JobId, JobMessage>();
        foreach (var message in messages)
        {
            var job = (await reader.ReadAsync(message, default)).Job;
            jobs.Add(job.JobId, job);
        }

        for (var i = 0; i < 25; i++)
        {
            var job = jobs[published[i].JobId];
            Assert.Equal("resize", job.JobType);
            Assert.Equal(i, job.Parameters!.Value.GetProperty("index").GetInt32());
        }
    }

    [Fact]
    public async Task Publishing_one_job_makes_exactly_one_SQS_call()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var requests = new List<AmazonWebServiceRequest>();
        client.Sqs.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs { Request: var request } && request is SendMessageBatchRequest or SendMessageRequest)
            {
                lock (requests)
                {
                    requests.Add(request);
                }
            }
        };

        var published = await client.Publisher.PublishAsync(new JobRequest("ocr"));

        var call = Assert.IsType<SendMessageBatchRequest>(Assert.Single(requests));
        Assert.Equal(resources.RequestQueueUrl.AbsoluteUri, call.QueueUrl);
        Assert.Single(call.Entries);
        var message = Assert.Single(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1));
        Assert.Equal(published.JobId.Value, message.MessageAttributes[MessageAttributeNames.JobId].StringValue);
    }

    [Fact]
    public async Task A_2_MiB_request_goes_through_a_claim_check_and_reads_back_whole()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var big = new string('x', 2 * 1024 * 1024);
        var parameters = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["prompt"] = big })).RootElement;

        var published = await client.Publisher.PublishAsync(new JobRequest("generate") { Parameters = parameters });

        var message = Assert.Single(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1));
        Assert.Equal(BodyKinds.ClaimCheck, message.MessageAttributes[MessageAttributeNames.BodyKind].StringValue);
        Assert.True(message.Body.Length < 1024, $"The queue carried {message.Body.Length} characters, not a claim check.");
        var incoming = await new IncomingJobReader(new S3JobFolders(() => client.S3)).ReadAsync(message, default);
        Assert.Equal(published.JobId, incoming.Job.JobId);
        Assert.Equal(big, incoming.Job.Parameters!.Value.GetProperty("prompt").GetString());
        Assert.Equal(new ObjectReference(resources.Bucket, $"jobs/{published.JobId}/_request.json"), incoming.ClaimCheck!.ClaimCheckLocation);
    }

    [Fact]
    public async Task Publishing_many_mixes_claim_checked_and_inline_jobs()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var big = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["p"] = new string('y', 700 * 1024) })).RootElement;
        var requests = new[]
        {
            new JobRequest("a") { Parameters = big },
            new JobRequest("b"),
            new JobRequest("c") { Parameters = big },
        };

        var published = await client.Publisher.PublishManyAsync(requests);

        var messages = await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 3);
        Assert.Equal(3, messages.Count);
        var reader = new IncomingJobReader(new S3JobFolders(() => client.S3));
        var types = new List<string>();
        foreach (var message in messages)
        {
            types.Add((await reader.ReadAsync(message, default)).Job.JobType);
        }

        Assert.Equal(["a", "b", "c"], types.Order());
        Assert.Equal(published.Select(p => p.JobId).Order(), messages.Select(m => JobId.Parse(m.MessageAttributes[MessageAttributeNames.JobId].StringValue)).Order());
    }

    [Fact]
    public async Task Publish_with_same_idempotency_key_sends_one_message()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);

        var first = await client.Publisher.PublishAsync(new JobRequest("ocr") { IdempotencyKey = "order-42" });
        var second = await client.Publisher.PublishAsync(new JobRequest("ocr") { IdempotencyKey = "order-42" });

        Assert.False(first.IsDuplicate);
        Assert.True(second.IsDuplicate);
        Assert.Equal(first.JobId, second.JobId);
        Assert.Equal(first.Prefix, second.Prefix);
        var messages = await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 2, TimeSpan.FromSeconds(3));
        Assert.Single(messages);
    }

    [Fact]
    public async Task Same_idempotency_key_twice_in_one_batch_sends_one_message()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);

        var published = await client.Publisher.PublishManyAsync(
        [
            new JobRequest("ocr") { IdempotencyKey = "k" },
            new JobRequest("ocr") { IdempotencyKey = "k" },
            new JobRequest("ocr"),
        ]);

        Assert.Equal(published[0].JobId, published[1].JobId);
        Assert.False(published[0].IsDuplicate);
        Assert.True(published[1].IsDuplicate);
        var messages = await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 3, TimeSpan.FromSeconds(3));
        Assert.Equal(2, messages.Count);
    }

    [Fact]
    public async Task Same_idempotency_key_of_two_owners_publishes_two_jobs()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);

        var a = await client.Publisher.PublishAsync(new JobRequest("ocr") { IdempotencyKey = "k", Owner = "tenant-a" });
        var b = await client.Publisher.PublishAsync(new JobRequest("ocr") { IdempotencyKey = "k", Owner = "tenant-b" });

        Assert.False(b.IsDuplicate);
        Assert.NotEqual(a.JobId, b.JobId);
    }

    [Fact]
    public async Task Idempotency_holds_across_two_backend_instances()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var one = await ClientHost.StartAsync(Emulator, resources);
        await using var two = await ClientHost.StartAsync(Emulator, resources);

        // One after the other: fauxqs ignores If-None-Match on PUT, so two publishes at the same instant are
        // separated only by S3 itself (see IdempotencyKeysTests for the 412 path).
        var first = await one.Publisher.PublishAsync(new JobRequest("ocr") { IdempotencyKey = "shared" });
        var second = await two.Publisher.PublishAsync(new JobRequest("ocr") { IdempotencyKey = "shared" });

        Assert.Equal(first.JobId, second.JobId);
        Assert.True(second.IsDuplicate);
        Assert.Single(await QueueReader.ReceiveAsync(one.Sqs, resources.RequestQueueUrl, 2, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task A_request_with_an_invalid_owner_fails_before_anything_is_sent()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);

        await Assert.ThrowsAsync<ArgumentException>(() => client.Publisher.PublishManyAsync(
        [
            new JobRequest("ocr"),
            new JobRequest("ocr") { Owner = "../other-tenant" },
        ]));

        Assert.Empty(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task A_publish_that_SQS_rejects_frees_its_idempotency_key()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var broken = await ClientHost.StartAsync(Emulator, resources, o => o.RequestQueueUrl = new Uri(resources.RequestQueueUrl.AbsoluteUri + "-missing"));
        await using var client = await ClientHost.StartAsync(Emulator, resources);

        var error = await Assert.ThrowsAsync<JobPublishException>(() => broken.Publisher.PublishAsync(new JobRequest("ocr") { IdempotencyKey = "retry-me" }));
        Assert.Single(error.Failed);
        Assert.Empty(error.Published);

        var retried = await client.Publisher.PublishAsync(new JobRequest("ocr") { IdempotencyKey = "retry-me" });
        Assert.False(retried.IsDuplicate);
        Assert.Single(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1));
    }

    [Fact]
    public async Task A_publish_cancelled_before_its_send_sends_nothing_and_reports_the_cancellation()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.Publisher.PublishManyAsync([new JobRequest("ocr"), new JobRequest("ocr")], cancelled.Token));

        Assert.Empty(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Cancel_writes_the_marker_in_the_job_prefix()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var published = await client.Publisher.PublishAsync(new JobRequest("ocr") { Owner = "t1" });

        await client.Publisher.CancelAsync(published.JobId, "t1");

        var marker = await client.S3.GetObjectMetadataAsync(resources.Bucket, $"jobs/owner=t1/{published.JobId}/_cancel");
        Assert.True(marker.ContentLength > 0);
    }
}
