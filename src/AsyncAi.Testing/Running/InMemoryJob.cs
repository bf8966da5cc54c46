using AsyncAi.Worker.Pipeline;

namespace AsyncAi.Testing;

/// <summary>
/// One published job as the in-memory queue holds it: the serialized wire message (so that a test exercises
/// the same serialization a real queue would), and the means to cancel it.
/// </summary>
internal sealed class InMemoryJob(PublishedJob published, string body) : IJobAttemptSignals, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private int _state;

    public PublishedJob Published { get; } = published;

    /// <summary>The job message as <c>JobWireFormat.Serialize</c> wrote it.</summary>
    public string Body { get; } = body;

    public string? Owner => Published.Owner;

    /// <summary>Fires when someone asks for the job to be cancelled.</summary>
    public CancellationToken CancelRequested => _cancel.Token;

    public bool IsCancelRequested => _cancel.IsCancellationRequested;

    /// <summary>The in-memory mode has no maximum run time: a test's own timeout bounds a job.</summary>
    public CancellationToken RunTimeExceeded => CancellationToken.None;

    /// <summary>Whether the job has ended; a finished job ignores cancel requests, as on a real worker.</summary>
    public bool IsFinished => Volatile.Read(ref _state) == 1;

    public void RequestCancel()
    {
        if (!IsFinished)
        {
            _cancel.Cancel();
        }
    }

    public void MarkFinished() => Volatile.Write(ref _state, 1);

    public void Dispose() => _cancel.Dispose();
}
