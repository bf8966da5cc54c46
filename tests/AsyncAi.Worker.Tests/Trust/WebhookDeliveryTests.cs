using AsyncAi.Webhooks;

namespace AsyncAi.Worker.Tests.Trust;

/// <summary>
/// A completion posted to a webhook counts as delivered only when the endpoint itself answered 2xx: a redirect is
/// never followed (a 302 would turn the POST into a GET elsewhere and count as delivered; a 307 would re-post signed
/// events to another host). Started and progress posts never hold a job.
/// </summary>
public sealed class WebhookDeliveryTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Theory]
    [InlineData(302)]
    [InlineData(307)]
    public async Task A_redirect_is_a_failed_delivery_and_the_redirect_target_receives_nothing(int status)
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        var targetHits = 0;
        await using var target = new LoopbackHttpServer(context =>
        {
            Interlocked.Increment(ref targetHits);
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        var completionPosts = 0;
        await using var webhook = new LoopbackHttpServer(async context =>
        {
            using var reader = new StreamReader(context.Request.InputStream);
            if (JobWireFormat.DeserializeEvent(await reader.ReadToEndAsync()).Event.IsTerminal)
            {
                Interlocked.Increment(ref completionPosts);
            }

            context.Response.StatusCode = status;
            context.Response.RedirectLocation = target.Url.ToString();
        });
        await env.StartWorkerAsync(o =>
        {
            o.ResponseQueueUrl = null;
            o.Webhook = new WebhookOptions { Url = webhook.Url, Secret = WebhookSecret.Generate(), MaxRetries = 0 };
        });
        var jobId = JobId.New();
        var job = new JobMessage { JobId = jobId, JobType = "echo", CreatedAt = DateTimeOffset.UtcNow, OutputPrefix = new ObjectReference(env.Bucket, $"jobs/{jobId.Value}/") };

        await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), JobWireFormat.Serialize(job));

        // Not delivered, so the message stays and comes back (visibility 2 s): the completion is posted again.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Volatile.Read(ref completionPosts) < 2)
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Equal(0, Volatile.Read(ref targetHits));
    }

    [Fact]
    public async Task A_slow_webhook_for_started_and_progress_events_does_not_hold_the_job()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var webhook = new LoopbackHttpServer(async context =>
        {
            using var reader = new StreamReader(context.Request.InputStream);
            if (JobWireFormat.DeserializeEvent(await reader.ReadToEndAsync()).Event.IsTerminal)
            {
                completed.TrySetResult();
            }
            else
            {
                await Task.Delay(TimeSpan.FromSeconds(15));
            }

            context.Response.StatusCode = 204;
        });
        await env.StartWorkerAsync(o =>
        {
            o.ResponseQueueUrl = null;
            o.Webhook = new WebhookOptions { Url = webhook.Url, Secret = WebhookSecret.Generate(), RequestTimeout = TimeSpan.FromSeconds(30) };
        });
        var jobId = JobId.New();
        var job = new JobMessage { JobId = jobId, JobType = "echo", CreatedAt = DateTimeOffset.UtcNow, OutputPrefix = new ObjectReference(env.Bucket, $"jobs/{jobId.Value}/") };
        var sent = DateTimeOffset.UtcNow;

        await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), JobWireFormat.Serialize(job));
        await completed.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // The Started post waits 15 s at the endpoint; the completion must not wait behind it.
        Assert.True(DateTimeOffset.UtcNow - sent < TimeSpan.FromSeconds(10), "The completion waited behind the slow Started post.");
    }
}
