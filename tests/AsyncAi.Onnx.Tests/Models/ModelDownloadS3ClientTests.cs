using Amazon.Runtime;
using Amazon.S3;
using AsyncAi.Worker;
using AsyncAi.Worker.Sqs;

namespace AsyncAi.Onnx.Tests;

public sealed class ModelDownloadS3ClientTests
{
    [Fact]
    public void Without_a_registered_client_models_are_downloaded_through_the_workers_own_Aws_settings()
    {
        var services = new ServiceCollection();
        services.AddAsyncAiWorker(o =>
            {
                o.RequestQueueUrl = new Uri("http://127.0.0.1:1/000000000000/requests");
                o.ResponseQueueUrl = new Uri("http://127.0.0.1:1/000000000000/responses");
                o.Bucket = "jobs";
                o.Aws.ServiceUrl = new Uri("http://127.0.0.1:4599/");
                o.Aws.Region = "eu-west-1";
            })
            .AddOnnxModel("detector", o => o.ModelPath = "s3://models/detector.onnx");
        // A separately registered connection must not win over the worker's: it is not what the worker uses.
        services.Configure<AsyncAi.Aws.AwsConnectionOptions>(o => o.ServiceUrl = new Uri("http://127.0.0.1:1/"));
        using var provider = services.BuildServiceProvider();

        var s3 = provider.GetRequiredService<WorkerAwsClients>().S3;

        Assert.Equal("http://127.0.0.1:4599/", s3.Config.ServiceURL);
        Assert.Equal("eu-west-1", s3.Config.AuthenticationRegion);
        Assert.True(((AmazonS3Config)s3.Config).ForcePathStyle);
    }

    [Fact]
    public void A_registered_S3_client_is_used_for_model_downloads()
    {
        using var own = new AmazonS3Client(new BasicAWSCredentials("test", "test"), new AmazonS3Config { ServiceURL = "http://127.0.0.1:4598/", ForcePathStyle = true });
        var services = new ServiceCollection();
        services.AddSingleton<IAmazonS3>(own);
        services.AddAsyncAiWorker(o =>
            {
                AWorker(o);
                o.Aws.ServiceUrl = new Uri("http://127.0.0.1:1/");
            })
            .AddOnnxModel("detector", o => o.ModelPath = "s3://models/detector.onnx");
        using var provider = services.BuildServiceProvider();

        Assert.Same(own, provider.GetRequiredService<WorkerAwsClients>().S3);
    }

    [Fact]
    public void The_clients_of_AddAsyncAiAwsClients_are_used_for_model_downloads()
    {
        var services = new ServiceCollection();
        services.AddAsyncAiAwsClients(o => o.ServiceUrl = new Uri("http://127.0.0.1:4597/"));
        services.AddAsyncAiWorker(AWorker)
            .AddOnnxModel("detector", o => o.ModelPath = "s3://models/detector.onnx");
        using var provider = services.BuildServiceProvider();

        Assert.Same(provider.GetRequiredService<IAmazonS3>(), provider.GetRequiredService<WorkerAwsClients>().S3);
    }

    // The worker's client comes with the worker's options, which are validated like at start: a worker that could start.
    private static void AWorker(AsyncAiWorkerOptions options)
    {
        options.RequestQueueUrl = new Uri("http://127.0.0.1:1/000000000000/requests");
        options.ResponseQueueUrl = new Uri("http://127.0.0.1:1/000000000000/responses");
        options.Bucket = "jobs";
    }
}
