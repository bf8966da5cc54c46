using System.Globalization;
using Amazon.SQS.Model;

namespace AsyncAi.Aws.Sqs;

/// <summary>
/// Turns the failed entries of an SQS batch response into one result per request entry, the one place that reads
/// batch entry ids back: every batch request built here numbers its entries 0..n-1.
/// </summary>
internal static class SqsBatchResults
{
    /// <summary>The entry id for the entry at <paramref name="index"/>.</summary>
    public static string EntryId(int index) => index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Per entry, in order: <see langword="null"/> for success, or an <see cref="SqsEntryFailedException"/> naming SQS's code and message.</summary>
    /// <param name="operation">The batch operation, for the error text.</param>
    /// <param name="count">How many entries the request had.</param>
    /// <param name="failed">The response's failed entries.</param>
    public static IReadOnlyList<Exception?> PerEntry(string operation, int count, List<BatchResultErrorEntry>? failed)
    {
        var results = new Exception?[count];
        foreach (var entry in failed ?? [])
        {
            if (int.TryParse(entry.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < count)
            {
                results[index] = new SqsEntryFailedException(operation, entry);
            }
        }

        return results;
    }
}
