using Amazon.S3;
using Amazon.SQS;
using AsyncAi.Aws;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>
/// The producer's SQS and S3 clients: the application's own when it registered them in DI, otherwise clients built
/// from <see cref="AsyncAiClientOptions.Aws"/> with the default credential chain, owned and disposed here.
/// </summary>
internal sealed class ClientAwsClients(IServiceProvider services, IOptions<AsyncAiClientOptions> options) : IDisposable
{
    private readonly AwsClientFactory _factory = new(services, options.Value.Aws);

    public IAmazonSQS Sqs => _factory.Sqs;

    public IAmazonS3 S3 => _factory.S3;

    public void Dispose() => _factory.Dispose();
}
