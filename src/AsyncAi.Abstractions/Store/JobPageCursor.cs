using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace AsyncAi;

/// <summary>
/// Where a page of jobs ended: the creation time and id of its last job. Pages run newest first, ties broken by id
/// (descending), so the next page is every job strictly after this point in that order: a keyset, which a database
/// answers from an index however deep the page, and which neither skips nor repeats a job when new ones arrive.
/// On the wire it is an opaque token (<see cref="ToString"/>); a token from a client is untrusted input
/// (<see cref="TryParse"/>).
/// </summary>
/// <param name="CreatedAt">The last job's creation time.</param>
/// <param name="JobId">The last job's id.</param>
public readonly record struct JobPageCursor(DateTimeOffset CreatedAt, JobId JobId)
{
    private const int MaxTokenLength = 128;

    /// <summary>The cursor just after a record.</summary>
    /// <param name="record">The last record of a page.</param>
    public static JobPageCursor After(JobRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.CreatedAt, record.JobId);
    }

    /// <summary>Whether a record comes after this cursor in page order (older, or as old with a smaller id).</summary>
    /// <param name="record">The record.</param>
    public bool Precedes(JobRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var byTime = record.CreatedAt.UtcTicks.CompareTo(CreatedAt.UtcTicks);
        return byTime < 0 || (byTime == 0 && record.JobId.CompareTo(JobId) < 0);
    }

    /// <summary>The opaque token: base64url of the time in microseconds since the Unix epoch and the job id.</summary>
    public override string ToString()
    {
        var micros = (CreatedAt.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        return Base64Url.EncodeToString(Encoding.UTF8.GetBytes(micros.ToString(CultureInfo.InvariantCulture) + "." + JobId.Value));
    }

    /// <summary>Reads a token made by <see cref="ToString"/>; anything else is refused.</summary>
    /// <param name="token">The token, as a client sent it.</param>
    /// <param name="cursor">The cursor, when the token is one.</param>
    /// <returns><see langword="false"/> for a token that is not one of ours.</returns>
    public static bool TryParse([NotNullWhen(true)] string? token, out JobPageCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            return false;
        }

        var bytes = new byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (Base64Url.DecodeFromChars(token, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, written);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0
            || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
            || micros > (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10
            || !JobId.TryParse(text[(dot + 1)..], out var jobId))
        {
            return false;
        }

        cursor = new(new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (micros * 10), TimeSpan.Zero), jobId);
        return true;
    }
}
