using AsyncAi.Aws.Sqs;

namespace AsyncAi.Client;

/// <summary>The response-queue listener's liveness, for the client's health check.</summary>
internal sealed class ListenerStatus
{
    /// <summary>The receive loop's facts: last successful receive, consecutive errors, running loops.</summary>
    public ReceiveStatus Receiving { get; } = new();
}
