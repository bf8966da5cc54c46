namespace AsyncAi.Worker.Pipeline;

/// <summary>Where job events go: the response queue, a webhook, or the in-memory board.</summary>
internal interface IJobEventSink
{
    /// <summary>Delivers one event; completes once it was accepted (the queue took it, the webhook answered 2xx).</summary>
    /// <remarks>
    /// The runner does not wait for Started and progress events: a sink must not let them hold a job, and may drop
    /// a Started event that the same job's terminal event overtakes before either was sent.
    /// </remarks>
    Task SendAsync(OutgoingEvent outgoing);
}
