using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AsyncAi.AspNetCore;

/// <summary>
/// The default delivery log: a concurrent dictionary, whose TryAdd is the atomic claim. Handled ids are kept for
/// twice the timestamp tolerance (after that a replay fails the signature's timestamp check anyway) and at most
/// <see cref="WebhookEndpointOptions.DeduplicationCapacity"/> of them.
/// </summary>
internal sealed class InMemoryWebhookDeliveryLog(IOptions<AsyncAiEndpointsOptions> options, TimeProvider time) : IWebhookDeliveryLog
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _sweep = new();

    public ValueTask<WebhookDeliveryClaim> TryClaimAsync(string deliveryId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= options.Value.Webhooks.DeduplicationCapacity)
        {
            Sweep(now);
        }

        var claim = new Entry(Handled: false, now + Retention);
        while (true)
        {
            if (_entries.TryAdd(deliveryId, claim))
            {
                return ValueTask.FromResult(WebhookDeliveryClaim.Claimed);
            }

            if (!_entries.TryGetValue(deliveryId, out var existing))
            {
                continue;
            }

            if (existing.ExpiresAt > now)
            {
                return ValueTask.FromResult(existing.Handled ? WebhookDeliveryClaim.AlreadyHandled : WebhookDeliveryClaim.InProgress);
            }

            // Expired: replace it atomically, unless someone else just did.
            if (_entries.TryUpdate(deliveryId, claim, existing))
            {
                return ValueTask.FromResult(WebhookDeliveryClaim.Claimed);
            }
        }
    }

    public ValueTask CompleteAsync(string deliveryId, CancellationToken cancellationToken)
    {
        _entries[deliveryId] = new Entry(Handled: true, time.GetUtcNow() + Retention);
        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(string deliveryId, CancellationToken cancellationToken)
    {
        _entries.TryRemove(deliveryId, out _);
        return ValueTask.CompletedTask;
    }

    private TimeSpan Retention => options.Value.Webhooks.TimestampTolerance * 2;

    private void Sweep(DateTimeOffset now)
    {
        lock (_sweep)
        {
            foreach (var (id, entry) in _entries)
            {
                if (entry.ExpiresAt <= now)
                {
                    _entries.TryRemove(new KeyValuePair<string, Entry>(id, entry));
                }
            }

            // Still full of live ids: drop the oldest handled ones; a replay of those is then caught by the SDK's
            // receiver, which de-duplicates events on their own ids.
            var excess = _entries.Count - options.Value.Webhooks.DeduplicationCapacity + 1;
            if (excess > 0)
            {
                foreach (var (id, entry) in _entries.Where(e => e.Value.Handled).OrderBy(e => e.Value.ExpiresAt).Take(excess).ToList())
                {
                    _entries.TryRemove(new KeyValuePair<string, Entry>(id, entry));
                }
            }
        }
    }

    private sealed record Entry(bool Handled, DateTimeOffset ExpiresAt);
}
