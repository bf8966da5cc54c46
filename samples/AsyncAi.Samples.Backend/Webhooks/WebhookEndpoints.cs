using System.Text;
using AsyncAi.Webhooks;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Caching.Memory;

namespace AsyncAi.Samples.Backend;

/// <summary>
/// <c>POST /webhooks/asyncai</c>: job events from workers that report by webhook instead of a response queue.
/// Each call is verified (Standard Webhooks signature and timestamp), de-duplicated on its <c>webhook-id</c>
/// (deliveries are at least once), and handed to the SDK's <see cref="IJobEventReceiver"/>: the same pipeline as
/// response-queue events (status store, then this instance's waiters and watchers). With several backend
/// instances behind a load balancer, set <c>AsyncAi:Client:StatusStore</c> to <c>S3</c> so that a webhook that
/// lands on one instance reaches a page watching on another. On only when <c>Backend:WebhookSecrets</c> holds a secret.
/// </summary>
internal static partial class WebhookEndpoints
{
    private const int MaxBodyBytes = 1024 * 1024;

    public static IServiceCollection AddWebhookReceiver(this IServiceCollection services, BackendOptions backend)
    {
        if (backend.WebhookSecrets.Count == 0)
        {
            return services;
        }

        services.AddSingleton(sp => new WebhookSignatureVerifier(backend.WebhookSecrets, timeProvider: sp.GetService<TimeProvider>()));
        services.AddMemoryCache();
        return services;
    }

    public static IEndpointRouteBuilder MapWebhookEndpoints(this IEndpointRouteBuilder app, BackendOptions backend)
    {
        if (backend.WebhookSecrets.Count > 0)
        {
            app.MapPost("/webhooks/asyncai", ReceiveAsync);
        }

        return app;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpRequest http, WebhookSignatureVerifier verifier, IMemoryCache seen, IJobEventReceiver receiver, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (http.ContentLength > MaxBodyBytes)
        {
            return TypedResults.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        // The signature covers the exact bytes sent, so the body is read as text before anything parses it.
        using var reader = new StreamReader(http.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        var id = http.Headers[WebhookHeaders.Id].ToString();
        if (!verifier.TryVerify(id, http.Headers[WebhookHeaders.Timestamp], http.Headers[WebhookHeaders.Signature], body, out var reason))
        {
            LogRejected(loggers.CreateLogger("AsyncAi.Samples.Backend.Webhooks"), reason);
            return TypedResults.Unauthorized();
        }

        if (seen.TryGetValue(id, out _))
        {
            return TypedResults.Ok();
        }

        try
        {
            // A duplicate of an event the response queue (or another call) brought is dropped by the receiver.
            await receiver.ReceiveAsync(JobWireFormat.DeserializeEvent(body), cancellationToken);
        }
        catch (WireFormatException ex)
        {
            // Signed but unreadable: a 4xx, so the worker does not retry a message that can never be read.
            return TypedResults.Problem(ex.Message, statusCode: 400);
        }

        // Remembered longer than the signature tolerance, after which a replay fails verification anyway.
        seen.Set(id, true, TimeSpan.FromMinutes(10));
        return TypedResults.Ok();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a webhook call: {Reason}")]
    private static partial void LogRejected(ILogger logger, string? reason);
}
