using Amazon.S3;
using Amazon.SQS;
using AsyncAi.Aws;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Sqs;

/// <summary>
/// The worker's SQS and S3 clients: the application's own when registered in DI, otherwise clients made from
/// <see cref="AsyncAiWorkerOptions.Aws"/>. S3 is made on first use, so a worker in presigned-URL mode that reads no
/// input never builds an S3 client.
/// </summary>
internal sealed class WorkerAwsClients(IServiceProvider services, IOptions<AsyncAiWorkerOptions> options) : IDisposable
{
    private readonly AwsClientFactory _factory = new(services, options.Value.Aws);

    public IAmazonSQS Sqs => _factory.Sqs;

    public IAmazonS3 S3 => _factory.S3;

    public void Dispose() => _factory.Dispose();
}
