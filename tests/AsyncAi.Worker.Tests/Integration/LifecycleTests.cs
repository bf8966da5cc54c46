namespace AsyncAi.Worker.Tests.Integration;

public sealed class LifecycleTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    private static JobRequest Sleep(int ms) => new("sleep") { Parameters = JobParameters.From(new { ms }) };

    [Fact]
    public async Task A_job_running_three_times_the_visibility_timeout_runs_once()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);
        await env.StartWorkerAsync(o => o.VisibilityTimeout = TimeSpan.FromSeconds(2));

        var job = await env.Publisher.PublishAsync(Sleep(6_500));
        var completion = await env.WaitAsync(job.JobId);

        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.Equal(1, env.Log.RunsOf(job.JobId));
        Assert.Equal(1, completion.Attempts);
    }

    [Fact]
    public async Task A_retryable_failure_is_retried_with_backoff_and_succeeds_on_the_third_attempt()
    {
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);

        var job = await env.Publisher.PublishAsync(new JobRequest("flaky") { Parameters = JobParameters.From(new { succeedOn = 3 }) });
        var completion = await env.WaitAsync(job.JobId);

        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.Equal(3, completion.Attempts);
        Assert.Equal([1, 2, 3], env.Log.Attempts.Where(a => a.JobId == job.JobId.Value).Select(a => a.Attempt).Order());
    }

    [Fact]
    public async Task A_retryable_failure_fails_for_good_when_the_attempts_run_out()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);
        await env.StartWorkerAsync(o => o.MaxAttempts = 2);

        var job = await env.Publisher.PublishAsync(new JobRequest("flaky") { Parameters = JobParameters.From(new { succeedOn = 99 }) });
        var completion = await env.WaitAsync(job.JobId);

        Assert.Equal(JobStatus.Failed, completion.Status);
        Assert.Equal(JobErrorCodes.HandlerFailed, completion.Error?.Code);
        Assert.Equal(2, env.Log.RunsOf(job.JobId));
    }

    [Fact]
    public async Task A_non_retryable_failure_completes_as_failed_at_once()
    {
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);

        var job = await env.Publisher.PublishAsync(new JobRequest("reject"));
        var completion = await env.WaitAsync(job.JobId);

        Assert.Equal(JobStatus.Failed, completion.Status);
        Assert.Equal(JobErrorCodes.InvalidParameters, completion.Error?.Code);
        Assert.Equal("width must be positive", completion.Error?.Message);
        Assert.Equal(1, completion.Attempts);
        Assert.Equal(1, env.Log.RunsOf(job.JobId));
    }

    [Fact]
    public async Task Unreadable_messages_go_to_the_dead_letter_queue_with_a_reason_and_the_next_job_still_runs()
    {
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);
        var unknownId = JobId.New();
        var unknownType = JobWireFormat.Serialize(new JobMessage
        {
            JobId = unknownId,
            JobType = "no-such-type",
            CreatedAt = DateTimeOffset.UtcNow,
            OutputPrefix = new ObjectReference(env.Bucket, $"jobs/{unknownId.Value}/"),
        });
        var bodies = new[] { "this is not json", """{"v":99,"jobId":"abc"}""", unknownType };
        foreach (var body in bodies)
        {
            await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), body);
        }

        var good = await env.Publisher.PublishAsync(new JobRequest("echo"));
        Assert.Equal(JobStatus.Succeeded, (await env.WaitAsync(good.JobId)).Status);

        var deadLettered = new List<Message>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (deadLettered.Count < bodies.Length)
        {
            var received = await env.Sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest { QueueUrl = env.DeadLetterQueueUrl.ToString(), MaxNumberOfMessages = 10, WaitTimeSeconds = 1, MessageAttributeNames = ["All"] },
                timeout.Token);
            deadLettered.AddRange(received.Messages ?? []);
        }

        Assert.Equal(bodies.Order(), deadLettered.Select(m => m.Body).Order());
        Assert.All(deadLettered, m => Assert.False(string.IsNullOrWhiteSpace(m.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue)));
        Assert.Contains(deadLettered, m => m.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue.Contains("version 99", StringComparison.Ordinal));
        Assert.Contains(deadLettered, m => m.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue.Contains("no-such-type", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_redelivery_of_a_finished_job_re_sends_its_completion_without_running_the_handler()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);
        var worker = await env.StartWorkerAsync();
        var job = await env.Publisher.PublishAsync(new JobRequest("echo"));
        var first = await env.WaitAsync(job.JobId);
        await worker.StopAsync();

        // The re-sent completion is read straight from the response queue: the client would drop it as a duplicate event.
        await env.Client.StopAsync();
        // What SQS does when a worker died after recording the job but before deleting it: the message comes back,
        // received before (ApproximateReceiveCount 2).
        var message = new JobMessage { JobId = job.JobId, JobType = "echo", CreatedAt = job.QueuedAt, OutputPrefix = job.Prefix };
        await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), JobWireFormat.Serialize(message));
        var taken = await env.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = env.RequestQueueUrl.ToString(), WaitTimeSeconds = 5 });
        await env.Sqs.ChangeMessageVisibilityAsync(env.RequestQueueUrl.ToString(), Assert.Single(taken.Messages).ReceiptHandle, 0);
        await env.StartWorkerAsync();
        var resent = await WaitForCompletionEventsAsync(env, job.JobId);

        Assert.Equal(1, env.Log.RunsOf(job.JobId));
        var completion = Assert.Single(resent).Event.Completion;
        Assert.Equal(first.Outputs.Single().Sha256, completion!.Outputs.Single().Sha256);
    }

    [Fact]
    public async Task A_second_copy_of_a_finished_job_reports_the_first_completion()
    {
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);
        var job = await env.Publisher.PublishAsync(new JobRequest("echo"));
        var first = await env.WaitAsync(job.JobId);
        await env.Client.StopAsync();

        // A copy that was never received before (a second send, or SQS's rare duplicate): a first delivery makes no S3
        // request before the handler, so it runs, and the conditional completion record makes the first result stand.
        var message = new JobMessage { JobId = job.JobId, JobType = "echo", CreatedAt = job.QueuedAt, OutputPrefix = job.Prefix };
        await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), JobWireFormat.Serialize(message));
        await QueueDrainedAsync(env);
        var resent = await ReadCompletionEventsAsync(env, job.JobId);

        var completion = Assert.Single(resent).Event.Completion;
        Assert.Equal(first.WorkerId, completion!.WorkerId);
        Assert.Equal(first.Timings.FinishedAt, completion.Timings.FinishedAt);
        Assert.Equal(first.Outputs.Single().Sha256, completion.Outputs.Single().Sha256);
    }

    [Fact]
    public async Task A_resend_of_a_finished_job_is_reported_again_without_running_the_handler()
    {
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);
        var job = await env.Publisher.PublishAsync(new JobRequest("echo"));
        var first = await env.WaitAsync(job.JobId);
        await env.Client.StopAsync();

        // The copy an outbox sends again after a crash, or a caller's retry after a timeout: a first delivery, marked
        // as a resend, so the worker looks for the completion before it runs anything.
        var message = new JobMessage { JobId = job.JobId, JobType = "echo", CreatedAt = job.QueuedAt, OutputPrefix = job.Prefix };
        await env.Sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = env.RequestQueueUrl.ToString(),
            MessageBody = JobWireFormat.Serialize(message),
            MessageAttributes = new() { [MessageAttributeNames.Resend] = new MessageAttributeValue { DataType = "String", StringValue = "1" } },
        });
        var resent = await WaitForCompletionEventsAsync(env, job.JobId);

        Assert.Equal(1, env.Log.RunsOf(job.JobId));
        var completion = Assert.Single(resent).Event.Completion;
        Assert.Equal(first.Timings.FinishedAt, completion!.Timings.FinishedAt);
        Assert.Equal(first.Outputs.Single().Sha256, completion.Outputs.Single().Sha256);
    }

    [Fact]
    public async Task A_job_cancelled_before_it_starts_ends_as_cancelled_without_running()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);
        var worker = await env.StartWorkerAsync(start: false);
        worker.Services.GetRequiredService<IAsyncAiWorkerControl>().PauseReceiving();
        await worker.StartAsync();

        var job = await env.Publisher.PublishAsync(new JobRequest("echo"));
        await env.Publisher.CancelAsync(job.JobId);
        worker.Services.GetRequiredService<IAsyncAiWorkerControl>().ResumeReceiving();
        var completion = await env.WaitAsync(job.JobId);

        Assert.Equal(JobStatus.Cancelled, completion.Status);
        Assert.Equal(JobErrorCodes.Cancelled, completion.Error?.Code);
        Assert.Equal(0, env.Log.RunsOf(job.JobId));
    }

    [Fact]
    public async Task A_job_cancelled_while_it_runs_ends_as_cancelled()
    {
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);

        var job = await env.Publisher.PublishAsync(Sleep(-1));
        await env.Log.WaitStartedAsync(job.JobId);
        await env.Publisher.CancelAsync(job.JobId);
        var completion = await env.WaitAsync(job.JobId);

        Assert.Equal(JobStatus.Cancelled, completion.Status);
        Assert.Equal(1, env.Log.RunsOf(job.JobId));
    }

    [Fact]
    public async Task A_job_whose_deadline_passes_while_it_runs_ends_as_expired()
    {
        await using var env = await WorkerTestEnvironment.StartWithWorkerAsync(Fixture);

        var job = await env.Publisher.PublishAsync(Sleep(-1) with { Deadline = DateTimeOffset.UtcNow.AddSeconds(2) });
        var completion = await env.WaitAsync(job.JobId);

        Assert.Equal(JobStatus.Expired, completion.Status);
        Assert.Equal(JobErrorCodes.DeadlineExceeded, completion.Error?.Code);
    }

    [Fact]
    public async Task Shutdown_completes_finished_jobs_releases_unfinished_ones_and_the_next_worker_completes_them()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);
        var first = await env.StartWorkerAsync(o =>
        {
            o.WorkerId = "first";
            o.ShutdownGracePeriod = TimeSpan.FromSeconds(2);
        });
        var quick = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => env.Publisher.PublishAsync(Sleep(500))));
        var stuck = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => env.Publisher.PublishAsync(Sleep(-1))));
        await Task.WhenAll(quick.Concat(stuck).Select(j => env.Log.WaitStartedAsync(j.JobId)));

        await first.StopAsync();
        foreach (var job in quick)
        {
            var completion = await env.WaitAsync(job.JobId);
            Assert.Equal(JobStatus.Succeeded, completion.Status);
            Assert.Equal("first", completion.WorkerId);
        }

        // The next worker's handler for "sleep" finishes at once: the stuck jobs were released, not lost.
        await env.StartWorkerAsync(
            o => o.WorkerId = "second",
            s => s.AddKeyedScoped<IJobHandler>("sleep", (sp, _) => new EchoHandler(sp.GetRequiredService<HandlerLog>())));
        foreach (var job in stuck)
        {
            var completion = await env.WaitAsync(job.JobId);
            Assert.Equal(JobStatus.Succeeded, completion.Status);
            Assert.Equal("second", completion.WorkerId);
            Assert.Equal(2, env.Log.RunsOf(job.JobId));
        }
    }

    private static async Task QueueDrainedAsync(WorkerTestEnvironment env)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var attributes = await env.Sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest { QueueUrl = env.RequestQueueUrl.ToString(), AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"] },
                timeout.Token);
            if (attributes.ApproximateNumberOfMessages == 0 && attributes.ApproximateNumberOfMessagesNotVisible == 0)
            {
                return;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>Reads the response queue until the job's terminal event came (a made-visible message may not count as queued at once).</summary>
    private static async Task<List<EventMessage>> WaitForCompletionEventsAsync(WorkerTestEnvironment env, JobId id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            await QueueDrainedAsync(env);
            var events = await ReadCompletionEventsAsync(env, id);
            if (events.Count > 0 || timeout.IsCancellationRequested)
            {
                return events;
            }
        }
    }

    private static async Task<List<EventMessage>> ReadCompletionEventsAsync(WorkerTestEnvironment env, JobId id)
    {
        var events = new List<EventMessage>();
        while (true)
        {
            var received = await env.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = env.ResponseQueueUrl.ToString(), MaxNumberOfMessages = 10, WaitTimeSeconds = 1 });
            if (received.Messages is not { Count: > 0 })
            {
                return events;
            }

            events.AddRange(received.Messages.Select(m => JobWireFormat.DeserializeEvent(m.Body)).Where(e => e.Event.JobId == id && e.Event.IsTerminal));
        }
    }
}
