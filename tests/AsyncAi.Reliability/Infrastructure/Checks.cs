using System.Security.Cryptography;
using Amazon.S3.Model;

namespace AsyncAi.Reliability.Infrastructure;

/// <summary>What every scenario verifies at its end: delivery counts, output bytes, stray objects, queue depths.</summary>
internal sealed class Checks(Stage stage)
{
    /// <summary>Counts completions per sent job: lost (none), duplicated (more than one), unexpected (not sent).</summary>
    public static DeliveryCounts Delivery(IReadOnlyCollection<string> sent, IReadOnlyList<RecordedCompletion> records)
    {
        var perJob = records.GroupBy(r => r.JobId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var sentSet = sent.ToHashSet(StringComparer.Ordinal);
        return new DeliveryCounts(
            Sent: sent.Count,
            Completed: sent.Count(perJob.ContainsKey),
            Lost: sent.Count(id => !perJob.ContainsKey(id)),
            Duplicated: perJob.Where(p => sentSet.Contains(p.Key)).Sum(p => p.Value - 1),
            Unexpected: perJob.Keys.Count(id => !sentSet.Contains(id)));
    }

    /// <summary>
    /// Reads every output the records list and checks its size, its SHA-256 against the completion's, and for
    /// checksum jobs every byte against what the job had to write. Returns the number of outputs checked.
    /// </summary>
    public async Task<int> VerifyOutputsAsync(IEnumerable<RecordedCompletion> records)
    {
        var outputs = records.SelectMany(r => r.Outputs.Select(o => (r.JobId, Output: o))).ToList();
        using var gate = new SemaphoreSlim(8);
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Task.WhenAll(outputs.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await stage.S3.GetObjectAsync(item.Output.Bucket, item.Output.Key);
                using var buffer = new MemoryStream();
                await response.ResponseStream.CopyToAsync(buffer);
                var bytes = buffer.ToArray();
                if (bytes.Length != item.Output.SizeBytes)
                {
                    errors.Add($"{item.Output.Key}: {bytes.Length} bytes, completion says {item.Output.SizeBytes}");
                }

                var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
                if (!string.Equals(sha, item.Output.Sha256, StringComparison.Ordinal))
                {
                    errors.Add($"{item.Output.Key}: sha256 {sha}, completion says {item.Output.Sha256}");
                }

                if (item.Output.Name == JobTypes.ChecksumOutput && !bytes.AsSpan().SequenceEqual(OutputContent.For(item.JobId, bytes.Length)))
                {
                    errors.Add($"{item.Output.Key}: bytes differ from what job {item.JobId} writes");
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        Assert.True(errors.IsEmpty, $"{errors.Count} bad outputs: {string.Join("; ", errors.Take(10))}");
        return outputs.Count;
    }

    /// <summary>Every object under an outputs/ folder is one a completion lists: no partial or orphaned output.</summary>
    public async Task<int> StrayOutputsAsync(IEnumerable<RecordedCompletion> records)
    {
        var listed = records.SelectMany(r => r.Outputs).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var stray = 0;
        string? token = null;
        do
        {
            var page = await stage.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = stage.Resources.Bucket, ContinuationToken = token });
            stray += (page.S3Objects ?? []).Count(o => o.Key.Contains("/" + JobStorageLayout.OutputsFolder, StringComparison.Ordinal) && !listed.Contains(o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return stray;
    }

    /// <summary>Messages visible, in flight or delayed.</summary>
    public async Task<int> DepthAsync(Uri queue)
    {
        var attributes = await stage.Sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queue.AbsoluteUri,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
        });
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible + attributes.ApproximateNumberOfMessagesDelayed;
    }

    /// <summary>Waits (briefly) for a queue to empty; returns what is left.</summary>
    public async Task<int> WaitForEmptyAsync(Uri queue, TimeSpan timeout)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        int depth;
        while ((depth = await DepthAsync(queue)) > 0 && started.Elapsed < timeout)
        {
            await Task.Delay(250);
        }

        return depth;
    }

    /// <summary>Takes every message off a dead-letter queue, with its attributes.</summary>
    public async Task<IReadOnlyList<Message>> DrainAsync(Uri queue)
    {
        var all = new List<Message>();
        while (true)
        {
            var response = await stage.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queue.AbsoluteUri,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                VisibilityTimeout = 60,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            });
            if (response.Messages is not { Count: > 0 } messages)
            {
                return all;
            }

            all.AddRange(messages);
        }
    }
}

/// <summary>Completions per job as the application saw them.</summary>
internal sealed record DeliveryCounts(int Sent, int Completed, int Lost, int Duplicated, int Unexpected);
