namespace AsyncAi.Reliability.WorkerHost.Handlers;

/// <summary>Writes RUN before and END after every attempt, so the suite can count runs, re-runs and late starts.</summary>
internal abstract class JournaledHandler(Journal journal) : IJobHandler
{
    public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        journal.Write("RUN", context.JobId, context.Attempt, journal.Now);
        try
        {
            await RunAsync(context, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            journal.Write("END", context.JobId, context.Attempt, "cancelled", journal.Now);
            throw;
        }
        catch (Exception)
        {
            journal.Write("END", context.JobId, context.Attempt, "threw", journal.Now);
            throw;
        }

        journal.Write("END", context.JobId, context.Attempt, "ok", journal.Now);
    }

    protected abstract Task RunAsync(IJobContext context, CancellationToken cancellationToken);
}
