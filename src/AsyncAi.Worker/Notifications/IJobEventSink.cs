using AsyncAi.WireFormat;

namespace AsyncAi.Worker.Notifications;

/// <summary>Where the worker reports job events: the response queue or a webhook.</summary>
internal interface IJobEventSink : IAsyncDisposable
{
    /// <summary>Starts any background sending.</summary>
    void Start();

    /// <summary>Delivers one event; completes once it was accepted (the queue took it, or the webhook answered 2xx).</summary>
    Task SendAsync(EventMessage message, CancellationToken cancellationToken);
}
