using Amazon.Runtime;

namespace AsyncAi.Benchmarks.Pipeline.Aws;

/// <summary>
/// The AWS SDK's HTTP client hook (<see cref="ClientConfig.HttpClientFactory"/>): one HttpClient per factory, whose
/// handler counts every request by operation before it goes out. Both sides of the benchmark use it, so they pay the
/// same counting cost and the same connection settings.
/// </summary>
internal sealed class CountingHttpClientFactory(AwsRequestCounter counter, string service) : HttpClientFactory, IDisposable
{
    private readonly Lazy<HttpClient> _client = new(() => new HttpClient(new CountingHandler(counter, service) { InnerHandler = new SocketsHttpHandler { UseProxy = false, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) } })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => _client.Value;

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }

    private sealed class CountingHandler(AwsRequestCounter counter, string service) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            counter.Add(service + " " + Operation(request));
            return base.SendAsync(request, cancellationToken);
        }

        private static string Operation(HttpRequestMessage request)
        {
            // SQS speaks the JSON protocol: the operation is in X-Amz-Target ("AmazonSQS.ReceiveMessage").
            if (request.Headers.TryGetValues("X-Amz-Target", out var targets))
            {
                var target = targets.First();
                return target[(target.LastIndexOf('.') + 1)..];
            }

            // S3 is REST: the method and the query name the operation.
            var query = request.RequestUri?.Query ?? string.Empty;
            var method = request.Method.Method;
            return method switch
            {
                "GET" when query.Contains("list-type=2", StringComparison.Ordinal) => "ListObjectsV2",
                "GET" => "GetObject",
                "HEAD" => "HeadObject",
                "PUT" when query.Contains("partNumber=", StringComparison.Ordinal) => "UploadPart",
                "PUT" => "PutObject",
                "POST" when query.Contains("delete", StringComparison.Ordinal) => "DeleteObjects",
                "POST" => "CreateMultipartUpload/Complete",
                "DELETE" => "DeleteObject",
                _ => method,
            };
        }
    }
}
