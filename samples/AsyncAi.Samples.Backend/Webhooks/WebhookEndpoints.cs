using System.Text;
using AsyncAi.Client;
using AsyncAi.Webhooks;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Caching.Memory;

namespace AsyncAi.Samples.Backend;

/// <summary>
/// <c>POST /webhooks/asyncai</c>: job events from workers that report by webhook instead of a response queue.
/// Each call is verified (Standard Webhooks signature and timestamp), de-duplicated on its <c>webhook-id</c>
/// (deliveries are at least once), and recorded in the job status store. On only when
/// <c>Backend:WebhookSecrets</c> holds a secret.
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

        // Webhook events reach the SDK through the status store; the S3 store is read by every waiter and watcher
        // (and shared by every backend instance), so a webhook that lands on one instance reaches the page on any.
        services.PostConfigure<AsyncAiClientOptions>(o => o.StatusStore = JobStatusStoreKind.S3);
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
        HttpRequest http, WebhookSignatureVerifier verifier, IMemoryCache seen, IJobStatusStore status, ILoggerFactory loggers, CancellationToken cancellationToken)
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

        EventMessage message;
        try
        {
            message = JobWireFormat.DeserializeEvent(body);
        }
        catch (WireFormatException ex)
        {
            // Signed but unreadable: a 4xx, so the worker does not retry a message that can never be read.
            return TypedResults.Problem(ex.Message, statusCode: 400);
        }

        await status.ApplyAsync(message.Event, cancellationToken);

        // Remembered longer than the signature tolerance, after which a replay fails verification anyway.
        seen.Set(id, true, TimeSpan.FromMinutes(10));
        return TypedResults.Ok();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a webhook call: {Reason}")]
    private static partial void LogRejected(ILogger logger, string? reason);
}
