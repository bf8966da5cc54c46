namespace AsyncAi.AspNetCore;

/// <summary>
/// Remembers webhook deliveries by their <c>webhook-id</c>, atomically, so that two copies of one delivery arriving
/// at once are handled once. The default is in memory, per instance; behind a load balancer the SDK's receiver
/// still drops duplicate events, so a shared log is an optimisation, not a requirement.
/// </summary>
public interface IWebhookDeliveryLog
{
    /// <summary>Claims a delivery id for handling.</summary>
    /// <param name="deliveryId">The <c>webhook-id</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask<WebhookDeliveryClaim> TryClaimAsync(string deliveryId, CancellationToken cancellationToken);

    /// <summary>Marks a claimed delivery as handled; copies that arrive later are answered as delivered.</summary>
    /// <param name="deliveryId">The <c>webhook-id</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask CompleteAsync(string deliveryId, CancellationToken cancellationToken);

    /// <summary>Gives a claim back after handling failed, so that the sender's retry is handled.</summary>
    /// <param name="deliveryId">The <c>webhook-id</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask ReleaseAsync(string deliveryId, CancellationToken cancellationToken);
}

/// <summary>What <see cref="IWebhookDeliveryLog.TryClaimAsync"/> found.</summary>
public enum WebhookDeliveryClaim
{
    /// <summary>New: this call handles it.</summary>
    Claimed,

    /// <summary>Another call is handling it right now; the sender should retry later (it gets 409).</summary>
    InProgress,

    /// <summary>Already handled; the sender gets 200 and stops.</summary>
    AlreadyHandled,
}
