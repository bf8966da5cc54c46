using System.Globalization;
using AsyncAi.Worker.Diagnostics;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Tenancy;

/// <summary>
/// How many jobs of each tenant this worker holds, against <see cref="AsyncAiWorkerOptions.MaxJobsPerTenant"/>. A job
/// of a tenant at its limit is not held: the delivery releases its message with <see cref="ReleaseDelay(int)"/>, so the
/// slot goes to another tenant's job instead of waiting behind the busy tenant (docs/decisions/0020-tenants-and-lanes.md).
/// </summary>
/// <remarks>
/// Off (limit 0, the default) it keeps no state and records no per-tenant metric. On, it costs one dictionary look-up
/// under a lock per job; a tenant's entry goes when its last job ends, so the map holds only tenants in flight.
/// </remarks>
internal sealed class TenantLimiter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);
    private readonly WorkerTelemetry _telemetry;
    private readonly int _limit;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public TenantLimiter(IOptions<AsyncAiWorkerOptions> options, WorkerTelemetry telemetry)
    {
        var settings = options.Value;
        _telemetry = telemetry;
        _limit = settings.MaxJobsPerTenant;
        _baseDelay = settings.TenantReleaseDelay;
        _maxDelay = settings.TenantReleaseMaxDelay;
    }

    /// <summary>Whether jobs are limited per tenant at all.</summary>
    public bool IsEnabled => _limit > 0;

    /// <summary>How many jobs of <paramref name="tenant"/> this worker holds now.</summary>
    public int Held(string tenant)
    {
        lock (_gate)
        {
            return _held.GetValueOrDefault(tenant);
        }
    }

    /// <summary>Takes one of the tenant's places; false when the tenant already holds its limit (the job must be released).</summary>
    public bool TryEnter(string tenant)
    {
        lock (_gate)
        {
            var held = _held.GetValueOrDefault(tenant);
            if (held >= _limit)
            {
                _telemetry.TenantReleased.Add(1, new KeyValuePair<string, object?>(WorkerTelemetry.TenantTag, tenant));
                return false;
            }

            _held[tenant] = held + 1;
        }

        _telemetry.TenantInFlight.Add(1, new KeyValuePair<string, object?>(WorkerTelemetry.TenantTag, tenant));
        return true;
    }

    /// <summary>Gives back a place taken by <see cref="TryEnter"/>.</summary>
    public void Exit(string tenant)
    {
        lock (_gate)
        {
            var held = _held.GetValueOrDefault(tenant) - 1;
            if (held <= 0)
            {
                _held.Remove(tenant);
            }
            else
            {
                _held[tenant] = held;
            }
        }

        _telemetry.TenantInFlight.Add(-1, new KeyValuePair<string, object?>(WorkerTelemetry.TenantTag, tenant));
    }

    /// <summary>How long a released message of a tenant at its limit stays hidden, given how often SQS has delivered it.</summary>
    public TimeSpan ReleaseDelay(int receiveCount) => ReleaseDelay(receiveCount, _baseDelay, _maxDelay);

    /// <summary>
    /// The release delay doubles with each receive (<paramref name="baseDelay"/>, then twice, four times ... up to
    /// <paramref name="maxDelay"/>). Every release is a receive that counts toward the queue's maxReceiveCount and the
    /// job's attempts, so a backlog of a busy tenant must come back ever more rarely: n releases cover about
    /// <paramref name="baseDelay"/> x 2^n of waiting.
    /// </summary>
    public static TimeSpan ReleaseDelay(int receiveCount, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var factor = Math.Pow(2, Math.Clamp(receiveCount - 1, 0, 30));
        var delay = TimeSpan.FromSeconds(Math.Ceiling(baseDelay.TotalSeconds * factor));
        return delay < maxDelay ? delay : maxDelay;
    }

    /// <summary>The tenant of a received job: its message group (set by the publisher), else its owner; <see langword="null"/> for neither.</summary>
    public static string? TenantOf(Amazon.SQS.Model.Message message, string? owner) =>
        message.Attributes?.TryGetValue("MessageGroupId", out var group) == true && !string.IsNullOrEmpty(group) ? group : owner;

    /// <summary>For logs: the limit as text.</summary>
    public override string ToString() => _limit.ToString(CultureInfo.InvariantCulture);
}
