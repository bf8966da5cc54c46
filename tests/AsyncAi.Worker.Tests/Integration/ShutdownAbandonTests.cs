using AsyncAi.Worker.Sqs;
using Microsoft.Extensions.Logging.Testing;

namespace AsyncAi.Worker.Tests.Integration;

public sealed class ShutdownAbandonTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    private const int JobAbandonedEventId = 29;

    [Fact]
    public async Task Stop_without_a_host_token_abandons_a_handler_that_ignores_cancellation_and_releases_its_message_to_another_worker()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var logs = new FakeLoggerProvider();
        try
        {
            var first = await env.StartWorkerAsync(
                o =>
                {
                    o.WorkerId = "first";
                    o.ShutdownGracePeriod = TimeSpan.FromSeconds(1);

                    // Far longer than the test waits: only the release, not the timeout running out, can bring the message back.
                    o.VisibilityTimeout = TimeSpan.FromMinutes(10);
                },
                s =>
                {
                    s.AddKeyedScoped<IJobHandler>("sleep", (sp, _) => new IgnoresCancellationHandler(sp.GetRequiredService<HandlerLog>(), gate.Task));
                    s.AddSingleton<ILoggerProvider>(logs);
                });
            var job = await env.Publisher.PublishAsync(new JobRequest("sleep"));
            await env.Log.WaitStartedAsync(job.JobId);

            // CancellationToken.None is what DisposeAsync passes: no host token bounds the wait, only the worker itself.
            var worker = first.Services.GetServices<IHostedService>().OfType<AsyncAi.Worker.Sqs.SqsJobConsumer>().Single();
            await worker.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.Contains(logs.Collector.GetSnapshot(), e => e.Id.Id == JobAbandonedEventId && e.Level == LogLevel.Warning && e.Message.Contains(job.JobId.Value, StringComparison.Ordinal));

            await env.StartWorkerAsync(
                o => o.WorkerId = "second",
                s => s.AddKeyedScoped<IJobHandler>("sleep", (sp, _) => new EchoHandler(sp.GetRequiredService<HandlerLog>())));
            var completion = await env.WaitAsync(job.JobId);
            Assert.Equal(JobStatus.Succeeded, completion.Status);
            Assert.Equal("second", completion.WorkerId);
            Assert.Equal(2, env.Log.RunsOf(job.JobId));
        }
        finally
        {
            // Lets the abandoned handler end instead of lingering for the rest of the test run.
            gate.TrySetResult();
        }
    }

    /// <summary>Waits for the gate whatever its token says; only then does it notice it was cancelled.</summary>
    private sealed class IgnoresCancellationHandler(HandlerLog log, Task gate) : IJobHandler
    {
        public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
        {
            log.Record(context);
            await gate;
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
