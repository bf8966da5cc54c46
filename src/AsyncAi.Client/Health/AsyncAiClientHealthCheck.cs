using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AsyncAi.Client;

/// <summary>
/// Reports whether the backend's response-queue listener is receiving. Register it with
/// <c>services.AddHealthChecks().AddAsyncAiClient()</c>.
/// </summary>
/// <remarks>
/// Healthy without a response queue (nothing to listen to: webhooks, or another instance listens). Unhealthy when the
/// listener's loop is not running or three receives in a row failed. Degraded when no receive succeeded for the long
/// poll plus one minute.
/// </remarks>
internal sealed class AsyncAiClientHealthCheck(ListenerStatus status, IOptions<AsyncAiClientOptions> options, TimeProvider time) : IHealthCheck
{
    private static readonly TimeSpan StaleMargin = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var receiving = status.Receiving;
        var last = receiving.LastReceiveAt;
        var data = new Dictionary<string, object>
        {
            ["responseQueue"] = settings.ResponseQueueUrl?.AbsoluteUri ?? "(none)",
            ["lastReceiveAt"] = last?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never",
            ["consecutiveReceiveErrors"] = receiving.ConsecutiveErrors,
        };
        HealthCheckResult result;
        if (settings.ResponseQueueUrl is null)
        {
            result = HealthCheckResult.Healthy("No response queue is configured; the listener is off.", data);
        }
        else if (receiving.RunningLoops == 0)
        {
            result = HealthCheckResult.Unhealthy("The response-queue listener is not running.", data: data);
        }
        else if (receiving.ConsecutiveErrors >= 3)
        {
            result = HealthCheckResult.Unhealthy($"The last {receiving.ConsecutiveErrors} receives from the response queue failed: {receiving.LastError}", data: data);
        }
        else if (last is { } at && time.GetUtcNow() - at > settings.ListenerWaitTime + StaleMargin)
        {
            result = HealthCheckResult.Degraded($"No successful receive from the response queue since {at:O}.", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy("The response-queue listener is receiving.", data);
        }

        return Task.FromResult(result);
    }
}
