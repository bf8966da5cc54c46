using System.Text;

namespace AsyncAi.Worker.Tests.Support;

/// <summary>What handlers saw, shared between a test and the handlers its worker runs.</summary>
public sealed class HandlerLog
{
    public ConcurrentDictionary<string, int> Runs { get; } = new();

    public ConcurrentQueue<(string JobId, int Attempt)> Attempts { get; } = new();

    public ConcurrentDictionary<string, TaskCompletionSource> Started { get; } = new();

    public int RunsOf(JobId id) => Runs.TryGetValue(id.Value, out var n) ? n : 0;

    public Task WaitStartedAsync(JobId id) => StartedSignal(id).Task.WaitAsync(TimeSpan.FromSeconds(60));

    public void Record(IJobContext context)
    {
        Runs.AddOrUpdate(context.JobId.Value, 1, (_, n) => n + 1);
        Attempts.Enqueue((context.JobId.Value, context.Attempt));
        StartedSignal(context.JobId).TrySetResult();
    }

    private TaskCompletionSource StartedSignal(JobId id) =>
        Started.GetOrAdd(id.Value, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>Writes one output whose content is derived from the job id, so a test can check it byte for byte.</summary>
public sealed class EchoHandler(HandlerLog log) : IJobHandler
{
    public static byte[] ContentFor(JobId id) => Encoding.UTF8.GetBytes($"result of {id.Value}");

    public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
    {
        log.Record(context);
        await context.ReportProgressAsync(0.5, "halfway", cancellationToken);
        await context.Outputs.WriteAsync("result.txt", ContentFor(context.JobId), "text/plain", cancellationToken);
    }
}

/// <summary>Runs for the number of milliseconds in parameter "ms", then writes an output.</summary>
public sealed class SleepHandler(HandlerLog log) : IJobHandler
{
    public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
    {
        log.Record(context);
        var ms = context.Parameters?.GetProperty("ms").GetInt32() ?? 0;
        await Task.Delay(ms < 0 ? Timeout.Infinite : ms, cancellationToken);
        await context.Outputs.WriteAsync("done.txt", "done"u8.ToArray(), "text/plain", cancellationToken);
    }
}

/// <summary>Fails with a retryable error until the attempt in parameter "succeedOn".</summary>
public sealed class FlakyHandler(HandlerLog log) : IJobHandler
{
    public Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
    {
        log.Record(context);
        var succeedOn = context.Parameters?.GetProperty("succeedOn").GetInt32() ?? 1;
        return context.Attempt < succeedOn
            ? throw new InvalidOperationException($"transient failure on attempt {context.Attempt}")
            : Task.CompletedTask;
    }
}

/// <summary>Always fails with a non-retryable error.</summary>
public sealed class RejectingHandler(HandlerLog log) : IJobHandler
{
    public Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
    {
        log.Record(context);
        throw new InvalidJobParametersException("width must be positive");
    }
}
