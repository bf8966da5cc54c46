namespace AsyncAi.Reliability.WorkerHost.Handlers;

internal sealed class NoOpHandler(Journal journal) : JournaledHandler(journal)
{
    protected override Task RunAsync(IJobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed class SleepHandler(Journal journal) : JournaledHandler(journal)
{
    protected override async Task RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        var parameters = context.GetParameters(HostJsonContext.Default.SleepParameters);
        var ms = context.Attempt > 1 && parameters.RetryMs is { } retry ? retry : parameters.Ms;
        await Task.Delay(ms, parameters.IgnoreCancellation ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
    }
}

internal sealed class ChecksumHandler(Journal journal) : JournaledHandler(journal)
{
    protected override async Task RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        var parameters = context.GetParameters(HostJsonContext.Default.ChecksumParameters);
        var sleep = context.Attempt > 1 && parameters.RetrySleepMs is { } retry ? retry : parameters.SleepMs;
        if (sleep > 0)
        {
            await Task.Delay(sleep, cancellationToken).ConfigureAwait(false);
        }

        var bytes = OutputContent.For(context.JobId.Value, parameters.Bytes);
        await context.Outputs.WriteAsync(JobTypes.ChecksumOutput, bytes, "application/octet-stream", cancellationToken).ConfigureAwait(false);
    }
}

internal sealed class CopyInputHandler(Journal journal) : JournaledHandler(journal)
{
    protected override async Task RunAsync(IJobContext context, CancellationToken cancellationToken)
    {
        var input = await context.OpenInputAsync(JobTypes.CopySource, cancellationToken).ConfigureAwait(false);
        await using (input.ConfigureAwait(false))
        {
            using var copy = new MemoryStream();
            await input.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            copy.Position = 0;
            await context.Outputs.WriteAsync(JobTypes.CopyOutput, copy, "application/octet-stream", cancellationToken).ConfigureAwait(false);
        }
    }
}

internal sealed class AlwaysRetryableHandler(Journal journal) : JournaledHandler(journal)
{
    protected override Task RunAsync(IJobContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"Attempt {context.Attempt} failed on purpose (always retryable).");
}

internal sealed class NonRetryableHandler(Journal journal) : JournaledHandler(journal)
{
    protected override Task RunAsync(IJobContext context, CancellationToken cancellationToken) =>
        throw new NonRetryableJobException(JobTypes.NonRetryableCode, "The input can never succeed (non-retryable on purpose).");
}
