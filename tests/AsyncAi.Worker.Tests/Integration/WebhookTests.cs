using AsyncAi.Webhooks;

namespace AsyncAi.Worker.Tests.Integration;

public sealed class WebhookTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task In_webhook_mode_the_receiver_verifies_each_signed_event_retried_after_a_failure_and_rejects_a_tampered_body()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        var secret = WebhookSecret.Generate();
        var verifier = new WebhookSignatureVerifier(secret);
        var accepted = new ConcurrentQueue<(string Id, string Timestamp, string Signature, string Body)>();
        var completed = new TaskCompletionSource<EventMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        await using var receiver = new LoopbackHttpServer(async context =>
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var (id, ts, sig) = (context.Request.Headers[WebhookHeaders.Id], context.Request.Headers[WebhookHeaders.Timestamp], context.Request.Headers[WebhookHeaders.Signature]);
            if (Interlocked.Increment(ref calls) == 1)
            {
                context.Response.StatusCode = 503; // the first delivery fails: the worker must retry it
                return;
            }

            if (!verifier.TryVerify(id, ts, sig, body, out _))
            {
                context.Response.StatusCode = 401;
                return;
            }

            accepted.Enqueue((id!, ts!, sig!, body));
            var message = JobWireFormat.DeserializeEvent(body);
            if (message.Event.IsTerminal)
            {
                completed.TrySetResult(message);
            }

            context.Response.StatusCode = 204;
        });
        await env.StartWorkerAsync(o =>
        {
            o.ResponseQueueUrl = null;
            o.Webhook = new WebhookOptions { Url = receiver.Url, Secret = secret, RetryBaseDelay = TimeSpan.FromMilliseconds(50) };
        });

        var jobId = JobId.New();
        var job = new JobMessage { JobId = jobId, JobType = "echo", CreatedAt = DateTimeOffset.UtcNow, OutputPrefix = new ObjectReference(env.Bucket, $"jobs/{jobId.Value}/") };
        await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), JobWireFormat.Serialize(job));
        var terminal = await completed.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(JobEventType.Succeeded, terminal.Event.Type);
        Assert.Equal($"{jobId.Value}:completion", terminal.EventId);
        Assert.Contains(accepted, a => a.Id == terminal.EventId);
        var sample = accepted.First(a => a.Id == terminal.EventId);
        var tampered = sample.Body.Replace("Succeeded", "Failed", StringComparison.Ordinal);
        Assert.NotEqual(sample.Body, tampered);
        Assert.False(verifier.TryVerify(sample.Id, sample.Timestamp, sample.Signature, tampered, out var reason));
        Assert.Equal("No signature matches.", reason);
    }

    [Fact]
    public async Task Each_event_is_signed_with_its_jobs_own_secret_which_never_reaches_the_completion()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        var backendKey = WebhookSecret.Generate();
        var jobId = JobId.New();
        var jobSecret = JobWebhookSecret.Derive(backendKey, jobId, owner: null);
        var events = new ConcurrentQueue<(bool OwnSecret, bool BackendKey, EventMessage Message)>();
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var receiver = new LoopbackHttpServer(async context =>
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var (id, ts, sig) = (context.Request.Headers[WebhookHeaders.Id], context.Request.Headers[WebhookHeaders.Timestamp], context.Request.Headers[WebhookHeaders.Signature]);
            var message = JobWireFormat.DeserializeEvent(body);
            events.Enqueue((new WebhookSignatureVerifier(jobSecret).TryVerify(id, ts, sig, body, out _), new WebhookSignatureVerifier(backendKey).TryVerify(id, ts, sig, body, out _), message));
            if (message.Event.IsTerminal)
            {
                completed.TrySetResult();
            }

            context.Response.StatusCode = 204;
        });
        // The worker has no secret of its own: only the job's.
        await env.StartWorkerAsync(o =>
        {
            o.ResponseQueueUrl = null;
            o.Webhook = new WebhookOptions { Url = receiver.Url, RetryBaseDelay = TimeSpan.FromMilliseconds(50) };
        });
        var job = new JobMessage
        {
            JobId = jobId,
            JobType = "echo",
            CreatedAt = DateTimeOffset.UtcNow,
            OutputPrefix = new ObjectReference(env.Bucket, $"jobs/{jobId.Value}/"),
            Metadata = new Dictionary<string, string> { [JobWebhookSecret.MetadataKey] = jobSecret, ["trace"] = "kept" },
        };

        await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), JobWireFormat.Serialize(job));
        await completed.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.True(e.OwnSecret && !e.BackendKey, e.Message.EventId));
        var completion = events.Single(e => e.Message.Event.IsTerminal).Message.Event.Completion!;
        Assert.Equal("kept", completion.Metadata["trace"]);
        Assert.False(completion.Metadata.ContainsKey(JobWebhookSecret.MetadataKey));
    }
}
