using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AsyncAi.Webhooks;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace AsyncAi.Worker.Notifications;

/// <summary>
/// Posts each event to the webhook, signed per Standard Webhooks, and retries failed deliveries with exponential
/// backoff and jitter (Polly). The webhook id is the event id, the same on every retry, so receivers de-duplicate.
/// </summary>
internal sealed class WebhookJobEventSink : IJobEventSink
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly WebhookSigner _signer;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public WebhookJobEventSink(HttpMessageHandler handler, WebhookOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _url = options.Url!;
        _signer = new WebhookSigner(options.Secret!);
        _timeProvider = timeProvider;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => IsTransient(r.StatusCode)),
                OnRetry = args =>
                {
                    // The failed response is replaced by the next attempt's; free its connection now.
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            });
        }

        // The timeout sits inside the retry so that it bounds each attempt, not the whole delivery.
        _pipeline = builder.AddTimeout(options.RequestTimeout).Build();
    }

    public void Start()
    {
    }

    public async Task SendAsync(EventMessage message, CancellationToken cancellationToken)
    {
        var body = JobWireFormat.Serialize(message);
        using var response = await _pipeline.ExecuteAsync(
            async token =>
            {
                // Signed per attempt: the timestamp must be fresh for the receiver's tolerance window.
                using var request = new HttpRequestMessage(HttpMethod.Post, _url)
                {
                    Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
                };
                foreach (var (name, value) in _signer.CreateHeaders(message.EventId, _timeProvider.GetUtcNow(), body))
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }

                return await _http.SendAsync(request, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            WorkerLog.WebhookRejected(_logger, message.EventId, (int)response.StatusCode);
            throw new HttpRequestException($"The webhook answered {(int)response.StatusCode} for event {message.EventId}.", null, response.StatusCode);
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return default;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
