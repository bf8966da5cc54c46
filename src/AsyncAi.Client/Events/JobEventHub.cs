using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Client;

/// <summary>
/// Hands the events this instance hears about to the waiters and watchers in this process. Each subscriber has its
/// own bounded channel: a slow reader (a stalled SSE connection) loses its oldest buffered events instead of holding
/// up the listener or growing without bound; the newest event, and so the terminal one, is always kept.
/// </summary>
internal sealed class JobEventHub(ILogger<JobEventHub> logger)
{
    private const int PerJobCapacity = 64;
    private const int AllJobsCapacity = 1024;

    private readonly ILogger _logger = logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<JobKey, List<Subscription>> _byJob = [];
    private readonly List<Subscription> _all = [];

    /// <summary>
    /// Starts buffering the events of one job (its id and owner), or of every job when <paramref name="job"/> is
    /// <see langword="null"/>.
    /// </summary>
    public Subscription Subscribe(JobKey? job)
    {
        var subscription = new Subscription(this, job);
        lock (_gate)
        {
            if (job is { } id)
            {
                if (!_byJob.TryGetValue(id, out var list))
                {
                    _byJob[id] = list = [];
                }

                list.Add(subscription);
            }
            else
            {
                _all.Add(subscription);
            }
        }

        return subscription;
    }

    public void Publish(JobEvent jobEvent)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        Subscription[] targets;
        lock (_gate)
        {
            var forJob = _byJob.TryGetValue(JobKey.Of(jobEvent), out var list) ? list : null;
            targets = [.. _all, .. forJob ?? []];
        }

        foreach (var target in targets)
        {
            target.Writer.TryWrite(jobEvent);
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            if (subscription.Job is { } id)
            {
                if (_byJob.TryGetValue(id, out var list) && list.Remove(subscription) && list.Count == 0)
                {
                    _byJob.Remove(id);
                }
            }
            else
            {
                _all.Remove(subscription);
            }
        }
    }

    /// <summary>One subscriber's buffer; dispose it to stop buffering.</summary>
    internal sealed class Subscription : IDisposable
    {
        private readonly JobEventHub _hub;
        private readonly Channel<JobEvent> _channel;

        public Subscription(JobEventHub hub, JobKey? job)
        {
            _hub = hub;
            Job = job;
            var options = new BoundedChannelOptions(job is null ? AllJobsCapacity : PerJobCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
            };
            _channel = Channel.CreateBounded<JobEvent>(options, _ => Log.SubscriberOverflow(hub._logger, job?.ToString() ?? "all jobs"));
        }

        public JobKey? Job { get; }

        public ChannelReader<JobEvent> Reader => _channel.Reader;

        internal ChannelWriter<JobEvent> Writer => _channel.Writer;

        public void Dispose()
        {
            _hub.Remove(this);
            _channel.Writer.TryComplete();
        }
    }

}
