using AsyncAi.Worker.Control;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker;

/// <summary>
/// Reports whether the worker's poller is alive and receiving. Applications register it with
/// <c>services.AddHealthChecks().AddAsyncAiWorker()</c>; the type itself is plumbing and stays internal.
/// </summary>
/// <remarks>
/// Unhealthy: not started, stopped, a receive loop gone, or three failed receives in a row.
/// Degraded: free slots but no successful receive for the receive wait time plus one minute.
/// Healthy otherwise, including while paused (not receiving is then deliberate).
/// </remarks>
internal sealed class AsyncAiWorkerHealthCheck : IHealthCheck
{
    private static readonly TimeSpan StaleMargin = TimeSpan.FromMinutes(1);
    private readonly WorkerControl _control;
    private readonly IOptions<AsyncAiWorkerOptions> _options;
    private readonly TimeProvider _timeProvider;

    public AsyncAiWorkerHealthCheck(WorkerControl control, IOptions<AsyncAiWorkerOptions> options, TimeProvider timeProvider)
    {
        _control = control;
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var options = _options.Value;
        var last = _control.LastReceiveAt;
        var data = new Dictionary<string, object>
        {
            ["paused"] = _control.IsPaused,
            ["inFlightJobs"] = _control.InFlightJobs,
            ["receiveLoops"] = _control.RunningLoops,
            ["lastReceiveAt"] = last?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? "never",
            ["consecutiveReceiveErrors"] = _control.ConsecutiveReceiveErrors,
        };
        var expectedLoops = (options.Concurrency + options.PrefetchCount + 9) / 10;
        HealthCheckResult result;
        if (!_control.IsRunning)
        {
            result = HealthCheckResult.Unhealthy("The AsyncAi worker is not running.", data: data);
        }
        else if (_control.RunningLoops < expectedLoops)
        {
            result = HealthCheckResult.Unhealthy($"Only {_control.RunningLoops} of {expectedLoops} receive loops are running.", data: data);
        }
        else if (_control.ConsecutiveReceiveErrors >= 3)
        {
            result = HealthCheckResult.Unhealthy($"The last {_control.ConsecutiveReceiveErrors} receives failed: {_control.LastError}", data: data);
        }
        else if (_control.IsPaused)
        {
            result = HealthCheckResult.Healthy("The AsyncAi worker is paused.", data);
        }
        else if (_control.FreeSlots() > 0 && last is { } at && _timeProvider.GetUtcNow() - at > options.ReceiveWaitTime + StaleMargin)
        {
            result = HealthCheckResult.Degraded($"No successful receive since {at:O} although slots are free.", data: data);
        }
        else
        {
            result = HealthCheckResult.Healthy("The AsyncAi worker is receiving.", data);
        }

        return Task.FromResult(result);
    }
}
