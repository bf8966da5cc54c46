using System.Collections.Concurrent;
using Amazon.Runtime;

namespace AsyncAi.AspNetCore.Tests.AwsSetup;

/// <summary>
/// Plugged into an AWS SDK client's config (<see cref="ClientConfig.HttpClientFactory"/>): every request the SDK
/// sends passes a handler that records it, so a test sees exactly which AWS calls the code makes.
/// </summary>
internal sealed class RecordingHttpClientFactory(string role) : HttpClientFactory
{
    public ConcurrentQueue<RecordedCall> Calls { get; } = new();

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new RecordingHandler(this) { InnerHandler = new HttpClientHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class RecordingHandler(RecordingHttpClientFactory owner) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.FirstOrDefault() : null;
            var body = target is not null && request.Content is not null ? await request.Content.ReadAsStringAsync(cancellationToken) : null;
            owner.Calls.Enqueue(new RecordedCall(owner.Role, request.Method.Method, request.RequestUri!, target, body, request.Headers.Contains("x-amz-copy-source")));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    public string Role { get; } = role;
}

/// <summary>One HTTP request an AWS SDK client sent.</summary>
internal sealed record RecordedCall(string Role, string Method, Uri Url, string? Target, string? Body, bool IsCopy);
