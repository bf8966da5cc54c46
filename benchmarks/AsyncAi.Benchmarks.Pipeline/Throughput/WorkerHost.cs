using Amazon.S3;
using Amazon.SQS;
using AsyncAi.Benchmarks.Pipeline.Aws;
using AsyncAi.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Benchmarks.Pipeline.Throughput;

/// <summary>
/// A worker as an application builds one: a generic host, <c>AddAsyncAiWorker</c>, its own SQS and S3 clients
/// registered in DI (here the counted ones), and one handler.
/// </summary>
internal static class WorkerHost
{
    public static IHost Build(CountedAwsClients aws, Uri requestQueue, Uri responseQueue, string bucket, bool records, int concurrency, int prefetch, Action<IAsyncAiWorkerBuilder> handlers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [] });

        // Warnings only: the per-job logs are Debug anyway, and console output would measure the terminal.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IAmazonSQS>(aws.Sqs);
        builder.Services.AddSingleton<IAmazonS3>(aws.S3);
        var worker = builder.Services.AddAsyncAiWorker(options =>
        {
            options.RequestQueueUrl = requestQueue;
            options.ResponseQueueUrl = responseQueue;
            options.Bucket = bucket;
            options.Concurrency = concurrency;
            options.PrefetchCount = prefetch;
            options.WorkerId = "bench";
            if (!records)
            {
                // No completion records and no cancel checks: no S3 request per job.
                options.UseCompletionRecords = false;
            }
        });
        handlers(worker);
        return builder.Build();
    }
}
