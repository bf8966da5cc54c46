using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Aws;

/// <summary>
/// Gives each role its SQS and S3 clients: the application's own when it registered <see cref="IAmazonSQS"/> or
/// <see cref="IAmazonS3"/> in DI (so its retry, proxy and credential settings win), otherwise new clients built
/// from <see cref="AwsConnectionOptions"/> with the default credential chain. Clients made here are owned and
/// disposed by the factory.
/// </summary>
internal sealed class AwsClientFactory : IDisposable
{
    private readonly Lazy<IAmazonSQS> _sqs;
    private readonly Lazy<IAmazonS3> _s3;
    private readonly bool _ownsSqs;
    private readonly bool _ownsS3;

    public AwsClientFactory(IServiceProvider services, AwsConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        var sqs = services.GetService<IAmazonSQS>();
        var s3 = services.GetService<IAmazonS3>();
        _ownsSqs = sqs is null;
        _ownsS3 = s3 is null;
        _sqs = new Lazy<IAmazonSQS>(() => sqs ?? AsyncAiAwsClients.CreateSqs(options));
        _s3 = new Lazy<IAmazonS3>(() => s3 ?? AsyncAiAwsClients.CreateS3(options));
    }

    public IAmazonSQS Sqs => _sqs.Value;

    public IAmazonS3 S3 => _s3.Value;

    public void Dispose()
    {
        if (_ownsSqs && _sqs.IsValueCreated)
        {
            _sqs.Value.Dispose();
        }

        if (_ownsS3 && _s3.IsValueCreated)
        {
            _s3.Value.Dispose();
        }
    }
}
