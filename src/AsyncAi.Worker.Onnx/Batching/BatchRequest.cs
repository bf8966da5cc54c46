namespace AsyncAi.Worker.Onnx;

/// <summary>One caller's inputs waiting to run, alone or stacked with others of the same per-item shape.</summary>
internal sealed class BatchRequest
{
    private CancellationTokenRegistration _registration;

    public BatchRequest(OnnxTensor[] inputs, CancellationToken cancellationToken)
    {
        Inputs = inputs;
        Rows = checked((int)inputs[0].ShapeArray[0]);
        CancellationToken = cancellationToken;
    }

    /// <summary>The inputs in the model's input order.</summary>
    public OnnxTensor[] Inputs { get; }

    /// <summary>How many items along the batch dimension this request brings.</summary>
    public int Rows { get; }

    public CancellationToken CancellationToken { get; }

    public TaskCompletionSource<OnnxResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether the request was cancelled or already answered, so it must not run.</summary>
    public bool IsDone => Completion.Task.IsCompleted;

    public void ObserveCancellation()
    {
        if (CancellationToken.CanBeCanceled)
        {
            _registration = CancellationToken.Register(static state =>
            {
                var request = (BatchRequest)state!;
                request.Completion.TrySetCanceled(request.CancellationToken);
            }, this);
        }
    }

    /// <summary>Whether <paramref name="other"/> can be stacked with this request: every input has the same shape past the batch dimension.</summary>
    public bool CanJoin(BatchRequest other)
    {
        for (var i = 0; i < Inputs.Length; i++)
        {
            var mine = Inputs[i].ShapeArray.AsSpan(1);
            var theirs = other.Inputs[i].ShapeArray.AsSpan(1);
            if (!mine.SequenceEqual(theirs))
            {
                return false;
            }
        }

        return true;
    }

    public void Complete(OnnxResult result)
    {
        _registration.Dispose();
        if (!Completion.TrySetResult(result))
        {
            // Cancelled while running: nobody will read it, so give the buffers back now.
            result.Dispose();
        }
    }

    public void Fail(Exception exception)
    {
        _registration.Dispose();
        Completion.TrySetException(exception);
    }
}
