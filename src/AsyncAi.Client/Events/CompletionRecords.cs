using System.Net;
using System.Text.Json;
using Amazon.S3;
using AsyncAi.WireFormat;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Client;

/// <summary>
/// Reads the completion record a worker writes at <c>{jobPrefix}_completion.json</c>: the last word on a job when the
/// status store knows nothing of it (an event lost to a misconfigured queue, a store that forgot the job). The
/// record is read as a <see cref="JobCompletion"/>, or as an <see cref="EventMessage"/> whose event carries one.
/// Jobs published by this instance are found under their owner's prefix; others under the prefix without owner.
/// </summary>
internal sealed class CompletionRecords(ClientAwsClients aws, string bucket, string rootPrefix, int capacity, ILogger<CompletionRecords> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<JobId, string> _prefixes = [];
    private readonly Queue<JobId> _order = new();

    /// <summary>Remembers where a job published here lives, so that its record is found even under an owner's prefix.</summary>
    public void Remember(JobId jobId, string prefix)
    {
        lock (_gate)
        {
            if (_prefixes.TryAdd(jobId, prefix))
            {
                _order.Enqueue(jobId);
                while (_order.Count > capacity)
                {
                    _prefixes.Remove(_order.Dequeue());
                }
            }
        }
    }

    /// <summary>The terminal event the record describes, or <see langword="null"/> when there is no (readable) record.</summary>
    public async Task<JobEvent?> TryReadAsync(JobId jobId, CancellationToken cancellationToken)
    {
        string prefix;
        lock (_gate)
        {
            prefix = _prefixes.TryGetValue(jobId, out var known) ? known : JobStorageLayout.JobPrefix(rootPrefix, jobId, owner: null);
        }

        var key = prefix + JobStorageLayout.CompletionObject;
        try
        {
            using var response = await aws.S3.GetObjectAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(response.ResponseStream, cancellationToken: cancellationToken).ConfigureAwait(false);
            var jobEvent = Read(document.RootElement);
            return jobEvent is { IsTerminal: true } && jobEvent.JobId == jobId ? jobEvent : null;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            return null;
        }
        catch (JsonException ex)
        {
            Log.CompletionRecordUnreadable(logger, ex, jobId, $"s3://{bucket}/{key}");
            return null;
        }
    }

    internal static JobEvent? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("event", out var eventElement))
        {
            return eventElement.Deserialize(WireJsonContext.Default.JobEvent);
        }

        var completion = root.TryGetProperty("completion", out var nested)
            ? nested.Deserialize(WireJsonContext.Default.JobCompletion)
            : root.Deserialize(WireJsonContext.Default.JobCompletion);
        return completion is null ? null : CompletionEvent.Of(completion, DateTimeOffset.MinValue);
    }
}
