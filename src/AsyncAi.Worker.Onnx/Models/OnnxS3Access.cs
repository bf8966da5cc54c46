using Amazon.S3;
using AsyncAi.Aws;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// The S3 client for model downloads, chosen the way the worker chooses its own: the application's
/// <see cref="IAmazonS3"/> when registered (for example by <c>AddAsyncAiAwsClients</c>), otherwise one built on
/// first use from the worker's <see cref="AsyncAiWorkerOptions.Aws"/> (<c>AsyncAi:Worker:Aws</c>), so that a model
/// at <c>s3://</c> is read from the same endpoint and region as the worker's inputs and outputs. Most workers load
/// models from disk and never need it.
/// </summary>
internal sealed class OnnxS3Access : IDisposable
{
    private readonly Lazy<(IAmazonS3 Client, bool Owned)> _client;

    public OnnxS3Access(IServiceProvider services)
    {
        _client = new Lazy<(IAmazonS3, bool)>(() =>
        {
            var registered = services.GetService<IAmazonS3>();
            if (registered is not null)
            {
                return (registered, false);
            }

            var connection = services.GetService<IOptions<AsyncAiWorkerOptions>>()?.Value.Aws ?? new AwsConnectionOptions();
            return (AsyncAiAwsClients.CreateS3(connection), true);
        });
    }

    public IAmazonS3 Client => _client.Value.Client;

    public void Dispose()
    {
        if (_client.IsValueCreated && _client.Value.Owned)
        {
            _client.Value.Client.Dispose();
        }
    }
}
