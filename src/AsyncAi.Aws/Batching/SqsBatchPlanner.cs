using AsyncAi.Aws.Sqs;

namespace AsyncAi.Aws.Batching;

/// <summary>
/// Splits entries into SQS batch calls that respect both limits at once: at most 10 entries and at most 1 MiB
/// per call. Order is kept, so that a caller can match results back to its entries.
/// </summary>
internal static class SqsBatchPlanner
{
    /// <summary>Groups entries, in order, into batches.</summary>
    /// <typeparam name="T">The entry type.</typeparam>
    /// <param name="entries">The entries.</param>
    /// <param name="sizeOf">The SQS size of one entry in bytes.</param>
    /// <param name="maxEntries">The most entries per batch (10 on SQS).</param>
    /// <param name="maxBytes">The most bytes per batch (1 MiB on SQS).</param>
    /// <exception cref="ArgumentException">One entry alone is larger than <paramref name="maxBytes"/>.</exception>
    public static IReadOnlyList<IReadOnlyList<T>> Plan<T>(
        IEnumerable<T> entries,
        Func<T, int> sizeOf,
        int maxEntries = SqsLimits.MaxBatchEntries,
        int maxBytes = SqsLimits.MaxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(sizeOf);
        var batches = new List<IReadOnlyList<T>>();
        var current = new List<T>(maxEntries);
        var currentBytes = 0;
        foreach (var entry in entries)
        {
            var size = sizeOf(entry);
            if (size > maxBytes)
            {
                throw new ArgumentException($"An entry of {size} bytes is larger than the {maxBytes} bytes one batch may hold.", nameof(entries));
            }

            if (current.Count == maxEntries || currentBytes + size > maxBytes)
            {
                batches.Add(current);
                current = new List<T>(maxEntries);
                currentBytes = 0;
            }

            current.Add(entry);
            currentBytes += size;
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }
}
