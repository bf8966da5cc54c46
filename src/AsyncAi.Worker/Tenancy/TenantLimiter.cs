using AsyncAi.Worker.Diagnostics;
using Microsoft.Extensions.Options;

namespace AsyncAi.Worker.Tenancy;

/// <summary>
/// How many jobs of each tenant this worker holds, against <see cref="AsyncAiWorkerOptions.MaxJobsPerTenant"/>. A job
/// of a tenant at its limit is not held: the delivery releases its message for <see cref="ReleaseDelay(string, int)"/>,
/// so the slot goes to another tenant's job instead of waiting behind the busy tenant
/// (docs/decisions/0020-tenants-and-lanes.md).
/// </summary>
/// <remarks>
/// <para>
/// Releases are paced: a tenant at its limit starts one job per (its mean job time / limit), so its released messages
/// are given return times that far apart, one after another, rather than all the same delay. They then come back
/// about when the tenant has room for them, each after one release or two, instead of being received and released
/// again every few seconds (every release is a receive, which counts toward maxReceiveCount and the attempts).
/// </para>
/// <para>
/// Off (limit 0, the default) it keeps no state and records no per-tenant metric. On, it costs one dictionary look-up
/// under a lock per job; a tenant's entry goes when its last job ends, so the map holds only tenants in flight.
/// </para>
/// </remarks>
internal sealed class TenantLimiter
{
    /// <summary>The weight of the newest job time in the tenant's mean.</summary>
    private const double NewestJobWeight = 0.2;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, TenantState> _tenants = new(StringComparer.Ordinal);
    private readonly WorkerTelemetry _telemetry;
    private readonly TimeProvider _time;
    private readonly int _limit;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;

    public TenantLimiter(IOptions<AsyncAiWorkerOptions> options, WorkerTelemetry telemetry, TimeProvider time)
    {
        var settings = options.Value;
        _telemetry = telemetry;
        _time = time;
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
            return _tenants.TryGetValue(tenant, out var state) ? state.Held : 0;
        }
    }

    /// <summary>Takes one of the tenant's places; false when the tenant already holds its limit (the job must be released).</summary>
    /// <returns>Whether the job may be held; then <see cref="Exit"/> must follow, with <paramref name="enteredAt"/>.</returns>
    public bool TryEnter(string tenant, out long enteredAt)
    {
        enteredAt = 0;
        lock (_gate)
        {
            if (!_tenants.TryGetValue(tenant, out var state))
            {
                state = new TenantState();
                _tenants[tenant] = state;
            }

            if (state.Held >= _limit)
            {
                _telemetry.TenantReleased.Add(1, new KeyValuePair<string, object?>(WorkerTelemetry.TenantTag, tenant));
                return false;
            }

            state.Held++;
        }

        enteredAt = _time.GetTimestamp();
        _telemetry.TenantInFlight.Add(1, new KeyValuePair<string, object?>(WorkerTelemetry.TenantTag, tenant));
        return true;
    }

    /// <summary>Gives back a place taken by <see cref="TryEnter"/>, and learns how long the tenant's jobs take.</summary>
    public void Exit(string tenant, long enteredAt)
    {
        var seconds = _time.GetElapsedTime(enteredAt).TotalSeconds;
        lock (_gate)
        {
            if (_tenants.TryGetValue(tenant, out var state))
            {
                state.SecondsPerJob = state.SecondsPerJob < 0 ? seconds : state.SecondsPerJob + (NewestJobWeight * (seconds - state.SecondsPerJob));
                if (--state.Held <= 0 && state.NextReturnTicks <= _time.GetUtcNow().UtcTicks)
                {
                    _tenants.Remove(tenant);
                }
            }
        }

        _telemetry.TenantInFlight.Add(-1, new KeyValuePair<string, object?>(WorkerTelemetry.TenantTag, tenant));
    }

    /// <summary>
    /// How long a released message of a tenant at its limit stays hidden: until the tenant's next free turn (its
    /// mean job time / limit after the turn given to the message released before it), and never less than
    /// <see cref="ReleaseDelay(int, TimeSpan, TimeSpan, TimeSpan)"/> allows for how often SQS has delivered it.
    /// </summary>
    public TimeSpan ReleaseDelay(string tenant, int receiveCount)
    {
        TimeSpan paced;
        lock (_gate)
        {
            var state = _tenants.TryGetValue(tenant, out var known) ? known : _tenants[tenant] = new TenantState();
            var secondsPerJob = state.SecondsPerJob > 0 ? state.SecondsPerJob : _baseDelay.TotalSeconds;
            var turn = TimeSpan.FromSeconds(secondsPerJob / _limit).Ticks;
            var now = _time.GetUtcNow().UtcTicks;
            state.NextReturnTicks = Math.Max(state.NextReturnTicks, now) + turn;
            paced = TimeSpan.FromTicks(state.NextReturnTicks - now);
        }

        return ReleaseDelay(receiveCount, paced, _baseDelay, _maxDelay);
    }

    /// <summary>
    /// The rule on top of the pacing: whole seconds (SQS's unit, rounded up), at least <paramref name="baseDelay"/>,
    /// doubling from the third receive on (a message that keeps coming back early waits longer each time: n releases
    /// cover about <paramref name="baseDelay"/> x 2^n), and at most <paramref name="maxDelay"/>.
    /// </summary>
    public static TimeSpan ReleaseDelay(int receiveCount, TimeSpan paced, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var floor = baseDelay.TotalSeconds * Math.Pow(2, Math.Clamp(receiveCount - 2, 0, 30));
        var delay = TimeSpan.FromSeconds(Math.Ceiling(Math.Max(floor, paced.TotalSeconds)));
        return delay < maxDelay ? delay : maxDelay;
    }

    /// <summary>The tenant of a received job: its message group (set by the publisher), else its owner; <see langword="null"/> for neither.</summary>
    public static string? TenantOf(Amazon.SQS.Model.Message message, string? owner) =>
        message.Attributes?.TryGetValue("MessageGroupId", out var group) == true && !string.IsNullOrEmpty(group) ? group : owner;

    private sealed class TenantState
    {
        public int Held;

        /// <summary>The tenant's mean job time on this worker, in seconds; negative until one job ended.</summary>
        public double SecondsPerJob = -1;

        /// <summary>The turn given to the last message released: the next one returns one turn later.</summary>
        public long NextReturnTicks;
    }
}
