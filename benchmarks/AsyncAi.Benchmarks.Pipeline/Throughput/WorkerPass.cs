using AsyncAi.Benchmarks.Pipeline.Measuring;
using AsyncAi.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AsyncAi.Benchmarks.Pipeline.Throughput;

/// <summary>
/// One timed pass of the real worker: the host is built and started paused, the jobs are published, then the clock
/// starts as receiving resumes, and stops when the N-th handler call is done and the request queue is empty.
/// </summary>
internal static class WorkerPass
{
    public static async Task<PassMeasurement> RunAsync(BenchmarkContext context, ThroughputScenario scenario, int jobs, CancellationToken cancellationToken)
    {
        var (requestQueue, responseQueue) = await context.CreateQueuesAsync(cancellationToken);
        try
        {
            var counter = new JobCounter(jobs);
            using var host = WorkerHost.Build(context.Aws, new Uri(requestQueue), new Uri(responseQueue), context.Bucket, scenario.Records, scenario.Concurrency, scenario.Prefetch, worker =>
                worker.AddJobHandler(BenchmarkJobs.JobType, _ => new NoopJobHandler(counter)));
            var control = host.Services.GetRequiredService<IAsyncAiWorkerControl>();
            control.PauseReceiving();
            await host.StartAsync(cancellationToken);
            await BenchmarkJobs.PublishAsync(context.PlainSqs, requestQueue, context.Bucket, jobs, cancellationToken);

            var meter = context.NewMeter();
            Settle();
            meter.Start();
            control.ResumeReceiving();
            await counter.Reached.WaitAsync(context.PassTimeout, cancellationToken);
            await QueueProbe.WaitUntilEmptyAsync(context.PlainSqs, requestQueue, cancellationToken);
            var measurement = meter.Stop(jobs);
            await host.StopAsync(cancellationToken);
            return measurement;
        }
        finally
        {
            await context.DeleteQueuesAsync(requestQueue, responseQueue);
        }
    }

    /// <summary>A collection before the clock starts, so that no pass pays for the garbage of the one before.</summary>
    public static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
