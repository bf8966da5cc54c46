using AsyncAi.Worker;
using AsyncAi.Worker.Pipeline;
using AsyncAi.WireFormat;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AsyncAi.Testing;

/// <summary>
/// The in-memory transport: runs each job through the worker's own <see cref="JobRunner"/>, the code the SQS worker
/// runs, and settles its outcomes the in-memory way: a completion goes on the board, a retry runs at once, a job
/// that can never run (no handler for its type) is set aside as dead-lettered, as the SQS worker moves it to its
/// dead-letter queue. So the two modes cannot disagree about a job.
/// </summary>
internal sealed class InMemoryJobRunner
{
    private readonly JobRunner _runner;
    private readonly InMemoryJobBoard _board;

    public InMemoryJobRunner(IServiceProvider services, InMemoryObjectStore store, InMemoryJobBoard board, IOptions<AsyncAiInMemoryOptions> options)
    {
        var settings = options.Value;
        _board = board;
        _runner = ActivatorUtilities.CreateInstance<JobRunner>(
            services,
            new InMemoryJobFiles(store),
            new BoardEventSink(board),
            new JobRunnerSettings(settings.WorkerId, settings.MaxAttempts, TimeSpan.Zero));
    }

    public async Task RunAsync(InMemoryJob job)
    {
        try
        {
            var message = JobWireFormat.DeserializeJob(job.Body);
            for (var attempt = 1; ; attempt++)
            {
                var outcome = await _runner.RunAsync(message, attempt, job, CancellationToken.None).ConfigureAwait(false);
                if (outcome.Exception is { } error)
                {
                    // What a real worker keeps in its logs and traces, never in the completion sent to clients.
                    _board.RecordHandlerError(new JobKey(message.JobId, message.Owner), error);
                }

                switch (outcome.Kind)
                {
                    case JobOutcomeKind.Completed:
                        _board.Record(CompletionEvent.Of(outcome.Completion!, DateTimeOffset.MinValue));
                        return;
                    case JobOutcomeKind.Rejected:
                        _board.RecordDeadLettered(new DeadLetteredJob(message.JobId, message.JobType, outcome.Reason!));
                        return;
                    default:
                        // Retry (and Released, which needs a shutdown this mode does not have): run again at once.
                        continue;
                }
            }
        }
        finally
        {
            job.MarkFinished();
        }
    }

    /// <summary>Started and progress events go straight onto the board.</summary>
    private sealed class BoardEventSink(InMemoryJobBoard board) : IJobEventSink
    {
        public Task SendAsync(OutgoingEvent outgoing)
        {
            board.Record(outgoing.Message.Event);
            return Task.CompletedTask;
        }
    }
}
