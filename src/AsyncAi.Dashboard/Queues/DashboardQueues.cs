using AsyncAi.Client;
using Microsoft.Extensions.Options;

namespace AsyncAi.Dashboard;

/// <summary>
/// The queues the dashboard watches: the client's request and response queues and their dead-letter queues, either
/// configured (<see cref="AsyncAiDashboardOptions.RequestDeadLetterQueueUrl"/>,
/// <see cref="AsyncAiClientOptions.ResponseDeadLetterQueueUrl"/>) or found by the sampler in each queue's RedrivePolicy.
/// </summary>
internal sealed class DashboardQueues
{
    public const string Requests = "requests";
    public const string Responses = "responses";
    public const string RequestDeadLetters = "requests-dlq";
    public const string ResponseDeadLetters = "responses-dlq";

    private readonly Lock _lock = new();
    private readonly int _historyCapacity;
    private DashboardQueue[] _all;

    public DashboardQueues(IOptions<AsyncAiClientOptions> client, IOptions<AsyncAiDashboardOptions> dashboard)
    {
        var options = dashboard.Value;
        _historyCapacity = (int)Math.Ceiling(options.History / options.SampleInterval) + 1;
        var queues = new List<DashboardQueue>();
        if (client.Value.RequestQueueUrl is { } requests)
        {
            queues.Add(new DashboardQueue(Requests, "Request queue", requests, null, _historyCapacity));
        }

        if (client.Value.ResponseQueueUrl is { } responses)
        {
            queues.Add(new DashboardQueue(Responses, "Response queue", responses, null, _historyCapacity));
        }

        if (options.RequestDeadLetterQueueUrl is { } requestDlq)
        {
            queues.Add(new DashboardQueue(RequestDeadLetters, "Request dead letters", requestDlq, Requests, _historyCapacity));
        }

        if (client.Value.ResponseDeadLetterQueueUrl is { } responseDlq)
        {
            queues.Add(new DashboardQueue(ResponseDeadLetters, "Response dead letters", responseDlq, Responses, _historyCapacity));
        }

        _all = [.. queues];
    }

    /// <summary>Every queue known so far, in page order.</summary>
    public IReadOnlyList<DashboardQueue> All => Volatile.Read(ref _all);

    /// <summary>The queue with this key, or <see langword="null"/>.</summary>
    public DashboardQueue? Find(string key) => All.FirstOrDefault(q => string.Equals(q.Key, key, StringComparison.Ordinal));

    /// <summary>Adds the dead-letter queue of <paramref name="sourceKey"/>, found from its RedrivePolicy, unless one is known.</summary>
    public void AddDeadLetterQueue(string sourceKey, Uri url)
    {
        var key = sourceKey == Requests ? RequestDeadLetters : ResponseDeadLetters;
        lock (_lock)
        {
            if (Find(key) is not null)
            {
                return;
            }

            var title = sourceKey == Requests ? "Request dead letters" : "Response dead letters";
            var queues = _all.Append(new DashboardQueue(key, title, url, sourceKey, _historyCapacity))
                .OrderBy(q => Array.IndexOf([Requests, Responses, RequestDeadLetters, ResponseDeadLetters], q.Key))
                .ToArray();
            Volatile.Write(ref _all, queues);
        }
    }

    /// <summary>Whether the dead-letter queue of <paramref name="sourceKey"/> still needs finding.</summary>
    public bool NeedsDeadLetterQueue(string sourceKey) =>
        Find(sourceKey == Requests ? RequestDeadLetters : ResponseDeadLetters) is null;
}
