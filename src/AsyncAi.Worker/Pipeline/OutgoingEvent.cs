using AsyncAi.WireFormat;

namespace AsyncAi.Worker.Pipeline;

/// <summary>
/// An event on its way to a sink, serialized at most once: the size check that caps a completion and the sink that
/// sends it share one body, and a sink that drops an event (a Started event its completion overtook) never writes it.
/// </summary>
internal sealed class OutgoingEvent(EventMessage message)
{
    private string? _body;

    /// <summary>The event.</summary>
    public EventMessage Message { get; } = message ?? throw new ArgumentNullException(nameof(message));

    /// <summary>The job's own webhook secret (<see cref="Webhooks.JobWebhookSecret"/>), which a webhook sink signs with.</summary>
    public string? WebhookSecret { get; init; }

    /// <summary>The wire body, written on first use.</summary>
    public string Body => _body ??= JobWireFormat.Serialize(Message);
}
