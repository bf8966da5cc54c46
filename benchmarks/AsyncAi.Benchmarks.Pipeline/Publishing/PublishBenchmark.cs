using System.Globalization;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using AsyncAi.Benchmarks.Pipeline.Measuring;
using AsyncAi.Benchmarks.Pipeline.Report;
using AsyncAi.Benchmarks.Pipeline.Throughput;
using AsyncAi.WireFormat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Benchmarks.Pipeline.Publishing;

/// <summary>
/// Publish throughput: one <c>IJobPublisher.PublishManyAsync</c> call for N jobs against a raw loop of
/// SendMessageBatch calls (10 entries, one call at a time, as the publisher sends them) carrying the same
/// serialized job bodies and attributes. Building and serializing the messages is inside the clock on both sides.
/// </summary>
internal static class PublishBenchmark
{
    public static async Task<PublishResult> RunAsync(BenchmarkContext context, BenchmarkSettings settings, CancellationToken cancellationToken)
    {
        await AsyncAiPassAsync(context, Math.Min(1_000, settings.PublishJobs), cancellationToken);
        await RawPassAsync(context, Math.Min(1_000, settings.PublishJobs), cancellationToken);
        var asyncAi = new List<PassMeasurement>();
        var raw = new List<PassMeasurement>();
        for (var pass = 0; pass < settings.Passes; pass++)
        {
            if (pass % 2 == 0)
            {
                asyncAi.Add(await AsyncAiPassAsync(context, settings.PublishJobs, cancellationToken));
                raw.Add(await RawPassAsync(context, settings.PublishJobs, cancellationToken));
            }
            else
            {
                raw.Add(await RawPassAsync(context, settings.PublishJobs, cancellationToken));
                asyncAi.Add(await AsyncAiPassAsync(context, settings.PublishJobs, cancellationToken));
            }
        }

        return new PublishResult(new SideResult { Passes = asyncAi }, new SideResult { Passes = raw });
    }

    private static async Task<PassMeasurement> AsyncAiPassAsync(BenchmarkContext context, int jobs, CancellationToken cancellationToken)
    {
        var (queue, _) = await CreateQueueAsync(context, cancellationToken);
        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.AddSingleton<IAmazonSQS>(context.Aws.Sqs);
            builder.Services.AddSingleton<IAmazonS3>(context.Aws.S3);
            builder.Services.AddAsyncAiClient(options =>
            {
                options.RequestQueueUrl = new Uri(queue);
                options.Bucket = context.Bucket;
            });
            using var host = builder.Build();
            await host.StartAsync(cancellationToken);
            var publisher = host.Services.GetRequiredService<IJobPublisher>();
            var requests = Enumerable.Range(0, jobs).Select(_ => new JobRequest(BenchmarkJobs.JobType)).ToList();

            var meter = context.NewMeter();
            WorkerPass.Settle();
            meter.Start();
            var published = await publisher.PublishManyAsync(requests, cancellationToken);
            var measurement = meter.Stop(published.Count);
            await host.StopAsync(cancellationToken);
            return measurement;
        }
        finally
        {
            await context.DeleteQueuesAsync(queue);
        }
    }

    private static async Task<PassMeasurement> RawPassAsync(BenchmarkContext context, int jobs, CancellationToken cancellationToken)
    {
        var (queue, _) = await CreateQueueAsync(context, cancellationToken);
        try
        {
            var sqs = context.Aws.Sqs;
            var meter = context.NewMeter();
            WorkerPass.Settle();
            meter.Start();
            var now = DateTimeOffset.UtcNow;
            for (var sent = 0; sent < jobs; sent += 10)
            {
                var entries = new List<SendMessageBatchRequestEntry>(10);
                for (var i = 0; i < Math.Min(10, jobs - sent); i++)
                {
                    var job = BenchmarkJobs.Create(context.Bucket, now);
                    entries.Add(new SendMessageBatchRequestEntry { Id = i.ToString(CultureInfo.InvariantCulture), MessageBody = JobWireFormat.Serialize(job), MessageAttributes = BenchmarkJobs.Attributes(job) });
                }

                var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queue, Entries = entries }, cancellationToken);
                if (response.Failed is { Count: > 0 })
                {
                    throw new InvalidOperationException("Raw publish failed: " + response.Failed[0].Message);
                }
            }

            return meter.Stop(jobs);
        }
        finally
        {
            await context.DeleteQueuesAsync(queue);
        }
    }

    private static async Task<(string Queue, string Unused)> CreateQueueAsync(BenchmarkContext context, CancellationToken cancellationToken) =>
        (await context.Emulator.CreateQueueAsync(Testing.Emulator.FauxqsEmulator.UniqueName("publish"), cancellationToken: cancellationToken), string.Empty);
}
