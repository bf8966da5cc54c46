using AsyncAi.Webhooks;
using Microsoft.Extensions.Options;

namespace AsyncAi.AspNetCore;

/// <summary>
/// Checks a webhook delivery against the secret of the job its body names (<see cref="JobWebhookSecret"/>, derived
/// from each configured key, so that jobs started before a rotation still verify), and against the configured keys
/// themselves only when <see cref="WebhookEndpointOptions.AcceptSharedSecret"/> is on.
/// </summary>
internal sealed class JobWebhookVerifier(IOptions<AsyncAiEndpointsOptions> options, TimeProvider time)
{
    private readonly Lazy<WebhookSignatureVerifier> _shared = new(() =>
        new WebhookSignatureVerifier(options.Value.Webhooks.Secrets, options.Value.Webhooks.TimestampTolerance, time));

    /// <summary>Whether the delivery is signed for <paramref name="jobEvent"/>'s job (or, when opted in, with a shared key).</summary>
    public bool TryVerify(JobEvent? jobEvent, string? messageId, string? timestamp, string? signature, string body, out string? failureReason)
    {
        var webhooks = options.Value.Webhooks;
        failureReason = "The body names no job, so there is no job secret to check the signature with.";
        if (jobEvent is { JobId.IsEmpty: false })
        {
            var perJob = new WebhookSignatureVerifier(
                webhooks.Secrets.Select(key => JobWebhookSecret.Derive(key, jobEvent.JobId, jobEvent.Owner)), webhooks.TimestampTolerance, time);
            if (perJob.TryVerify(messageId, timestamp, signature, body, out failureReason))
            {
                return true;
            }
        }

        if (webhooks.AcceptSharedSecret && _shared.Value.TryVerify(messageId, timestamp, signature, body, out var sharedReason))
        {
            failureReason = sharedReason;
            return true;
        }

        return false;
    }
}
