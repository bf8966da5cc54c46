using Amazon.S3;
using Amazon.SQS;
using AsyncAi.Testing.Emulator;

namespace AsyncAi.Benchmarks.Pipeline.Aws;

/// <summary>
/// SQS and S3 clients on the emulator whose requests are counted: the worker gets them from DI (AsyncAi uses the
/// application's registered clients), the raw loop uses them directly.
/// </summary>
internal sealed class CountedAwsClients : IDisposable
{
    private readonly CountingHttpClientFactory _sqsHttp;
    private readonly CountingHttpClientFactory _s3Http;

    public CountedAwsClients(FauxqsEmulator emulator)
    {
        _sqsHttp = new CountingHttpClientFactory(Counter, "SQS");
        _s3Http = new CountingHttpClientFactory(Counter, "S3");
        var sqsConfig = emulator.CreateSqsConfig();
        sqsConfig.HttpClientFactory = _sqsHttp;
        var s3Config = emulator.CreateS3Config();
        s3Config.HttpClientFactory = _s3Http;
        Sqs = new AmazonSQSClient(FauxqsEmulator.Credentials, sqsConfig);
        S3 = new AmazonS3Client(FauxqsEmulator.Credentials, s3Config);
    }

    public AwsRequestCounter Counter { get; } = new();

    public AmazonSQSClient Sqs { get; }

    public AmazonS3Client S3 { get; }

    public void Dispose()
    {
        Sqs.Dispose();
        S3.Dispose();
        _sqsHttp.Dispose();
        _s3Http.Dispose();
    }
}
