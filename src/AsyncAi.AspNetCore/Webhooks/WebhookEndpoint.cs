using System.Text;
using AsyncAi.Webhooks;
using AsyncAi.WireFormat;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AsyncAi.AspNetCore;

/// <summary>
/// The handler behind <c>MapAsyncAiWebhooks</c>: job events from workers that report by webhook instead of a
/// response queue. Each call is bounded (size on any transfer encoding), verified (Standard Webhooks signature over
/// the exact bytes with the secret of the job the body names, timestamp within the tolerance), claimed atomically on
/// its job and <c>webhook-id</c>, and handed to the SDK's <see cref="IJobEventReceiver"/>, the same pipeline (and the
/// same checks: outputs only in the job's own folder) response-queue events take.
/// </summary>
internal static class WebhookEndpoint
{
    // Strict: an invalid byte fails instead of turning into U+FFFD, so the text verified is exactly the bytes sent.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<IResult> ReceiveAsync(
        HttpContext http, JobWebhookVerifier verifier, IWebhookDeliveryLog deliveries, IJobEventReceiver receiver, IOptions<AsyncAiEndpointsOptions> options, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("AsyncAi.AspNetCore.Webhooks");
        var settings = options.Value;
        if (!TransportSecurity.IsAcceptable(http, settings.RequireHttpsOutsideLoopback))
        {
            Log.HttpsRequired(logger, http.Request.Path, http.Connection.RemoteIpAddress?.ToString());
            return Problems.HttpsRequired();
        }

        var token = http.RequestAborted;
        var bytes = await BoundedBody.ReadAsync(http, settings.Webhooks.MaxBodyBytes, token).ConfigureAwait(false);
        if (bytes is null)
        {
            Log.WebhookRejected(logger, $"the body is larger than {settings.Webhooks.MaxBodyBytes} bytes");
            return Problems.Of(StatusCodes.Status413RequestEntityTooLarge, "body_too_large", $"The body is larger than {settings.Webhooks.MaxBodyBytes} bytes.");
        }

        string body;
        try
        {
            body = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            Log.WebhookRejected(logger, "the body is not UTF-8");
            return Problems.Of(StatusCodes.Status400BadRequest, "invalid_body", "The body is not UTF-8 text.");
        }

        // Read before verifying, because the key is the job's own: only a signature with the secret of the job the
        // body names is accepted, so a worker speaks only for the jobs it was given.
        EventMessage? message;
        string? unreadable = null;
        try
        {
            message = JobWireFormat.DeserializeEvent(body);
        }
        catch (WireFormatException ex)
        {
            message = null;
            unreadable = ex.Message;
        }

        var id = http.Request.Headers[WebhookHeaders.Id].ToString();
        if (!verifier.TryVerify(message?.Event, id, http.Request.Headers[WebhookHeaders.Timestamp], http.Request.Headers[WebhookHeaders.Signature], body, out var reason))
        {
            Log.WebhookRejected(logger, reason);
            return Problems.Of(StatusCodes.Status401Unauthorized, "invalid_signature", "The signature or timestamp is not valid.");
        }

        if (message is null)
        {
            // Signed (with the shared secret, the only key that does not need the body) but unreadable: a 4xx, so the
            // worker does not retry what can never be read.
            Log.WebhookRejected(logger, unreadable);
            return Problems.Of(StatusCodes.Status400BadRequest, "invalid_event", unreadable!);
        }

        // Claimed per job: one job's secret cannot claim, and so suppress, a delivery id of another job.
        var claim = $"{message.Event?.Owner}\n{message.Event?.JobId}\n{id}";
        switch (await deliveries.TryClaimAsync(claim, token).ConfigureAwait(false))
        {
            case WebhookDeliveryClaim.AlreadyHandled:
                return TypedResults.Ok();
            case WebhookDeliveryClaim.InProgress:
                return Problems.Of(StatusCodes.Status409Conflict, "in_progress", "This delivery is being handled; retry later.");
        }

        try
        {
            // A duplicate of an event the response queue (or another call) brought is dropped by the receiver.
            await receiver.ReceiveAsync(message, token).ConfigureAwait(false);
        }
        catch (WireFormatException ex)
        {
            // Signed but refused (an output outside the job's folder, say): a 4xx, and remembered, so the worker does
            // not retry what will always be refused.
            await deliveries.CompleteAsync(claim, CancellationToken.None).ConfigureAwait(false);
            Log.WebhookRejected(logger, ex.Message);
            return Problems.Of(StatusCodes.Status400BadRequest, "invalid_event", ex.Message);
        }
        catch
        {
            // Not handled: the claim goes back, and the error answers 5xx, so the sender's retry is handled.
            await deliveries.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        await deliveries.CompleteAsync(claim, CancellationToken.None).ConfigureAwait(false);
        return TypedResults.Ok();
    }
}
