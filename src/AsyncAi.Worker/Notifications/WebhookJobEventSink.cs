using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AsyncAi.Webhooks;
using AsyncAi.Worker.Diagnostics;
using AsyncAi.Worker.Pipeline;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Notifications;

/// <summary>
/// Posts each event to the webhook, signed per Standard Webhooks; the webhook id is the event id, the same on
/// every retry, so receivers de-duplicate. Terminal events go through the retrying client
/// (<see cref="AsyncAiWorkerHttpClients.Webhooks"/>); Started and progress events get one attempt on their own
/// client and at most <see cref="MaxInformativeInFlight"/> at once, so a slow or dead endpoint never holds a job.
/// Redirects are never followed: a 3xx would turn the POST into a GET elsewhere, or re-post signed events to
/// another host, so it is a failed delivery. Each event is signed with its job's own secret from the job message
/// (<see cref="Webhooks.JobWebhookSecret"/>), so this worker can speak only for the jobs it was given; the configured
/// <see cref="WebhookOptions.Secret"/> signs only jobs whose backend gave them none.
/// </summary>
internal sealed class WebhookJobEventSink(IHttpClientFactory httpClients, IOptions<AsyncAiWorkerOptions> options, TimeProvider time, ILogger<WebhookJobEventSink> logger) : IJobEventSink
{
    /// <summary>The most Started and progress posts in flight at once; more are dropped, with a warning.</summary>
    internal const int MaxInformativeInFlight = 64;

    private readonly WebhookSigner? _sharedSigner = options.Value.Webhook!.Secret is { Length: > 0 } secret ? new(secret) : null;
    private readonly Uri _url = options.Value.Webhook!.Url!;
    private int _informativeInFlight;

    public async Task SendAsync(OutgoingEvent outgoing)
    {
        ArgumentNullException.ThrowIfNull(outgoing);
        var message = outgoing.Message;
        if (message.Event.IsTerminal)
        {
            await PostAsync(AsyncAiWorkerHttpClients.Webhooks, outgoing).ConfigureAwait(false);
            return;
        }

        if (Interlocked.Increment(ref _informativeInFlight) > MaxInformativeInFlight)
        {
            Interlocked.Decrement(ref _informativeInFlight);
            WorkerLog.InformativeEventDropped(logger, message.EventId, MaxInformativeInFlight);
            return;
        }

        try
        {
            await PostAsync(AsyncAiWorkerHttpClients.WebhookProgress, outgoing).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _informativeInFlight);
        }
    }

    private async Task PostAsync(string clientName, OutgoingEvent outgoing)
    {
        var message = outgoing.Message;
        var body = outgoing.Body;
        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        var signer = outgoing.WebhookSecret is { } jobSecret
            ? new WebhookSigner(jobSecret)
            : _sharedSigner ?? throw new InvalidOperationException(
                $"Job {message.Event.JobId} carries no webhook secret ({JobWebhookSecret.MetadataKey}) and AsyncAi:Worker:Webhook:Secret is not set, so its event {message.EventId} cannot be signed.");
        foreach (var (name, value) in signer.CreateHeaders(message.EventId, time.GetUtcNow(), body))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var http = httpClients.CreateClient(clientName);
        using var response = await http.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        if ((int)response.StatusCode is >= 300 and < 400)
        {
            WorkerLog.WebhookRedirected(logger, message.EventId, (int)response.StatusCode, response.Headers.Location?.ToString() ?? "(none)");
            throw new HttpRequestException($"The webhook answered {(int)response.StatusCode} (a redirect, which is not followed) for event {message.EventId}.", null, response.StatusCode);
        }

        if (!response.IsSuccessStatusCode)
        {
            WorkerLog.WebhookRejected(logger, message.EventId, (int)response.StatusCode);
            throw new HttpRequestException($"The webhook answered {(int)response.StatusCode} for event {message.EventId}.", null, response.StatusCode);
        }
    }

    /// <summary>Whether a status is worth retrying.</summary>
    internal static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
