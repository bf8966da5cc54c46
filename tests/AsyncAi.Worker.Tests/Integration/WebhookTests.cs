using System.Collections.Concurrent;
using AsyncAi.Testing.Emulator;
using AsyncAi.Webhooks;
using AsyncAi.Worker.Tests.Support;
using AsyncAi.WireFormat;

namespace AsyncAi.Worker.Tests.Integration;

[Collection(FauxqsCollection.Name)]
public sealed class WebhookTests(FauxqsFixture fixture)
{
    [Fact]
    public async Task In_webhook_mode_the_receiver_verifies_each_signed_event_retried_after_a_failure_and_rejects_a_tampered_body()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(fixture, withClient: false);
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
}
