namespace AsyncAi.Aws.Storage;

/// <summary>
/// Where a job may write and read, judged from its id and owner alone, never from the locations its message names:
/// a message can come from anyone who may send to the queue, and a backend may forward a location a user chose. The
/// worker applies these rules to every message, the publisher to every request, with the same code.
/// </summary>
internal sealed class JobLocationRules(string bucket, string rootPrefix, IReadOnlyList<ObjectReference> allowedInputPrefixes)
{
    /// <summary>The bucket jobs live in.</summary>
    public string Bucket { get; } = bucket;

    /// <summary>The root prefix of all job folders.</summary>
    public string RootPrefix { get; } = rootPrefix;

    /// <summary>Why the job may not write where its message says, or <see langword="null"/> when it may.</summary>
    public string? CheckOutputPrefix(JobId jobId, string? owner, ObjectReference outputPrefix)
    {
        ArgumentNullException.ThrowIfNull(outputPrefix);
        if (IsReserved(jobId.Value))
        {
            return $"Job {jobId} has an id that begins with '_', which names the SDK's own folders (_status/, _idempotency/).";
        }

        string expected;
        try
        {
            expected = JobStorageLayout.JobPrefix(RootPrefix, jobId, owner);
        }
        catch (ArgumentException ex)
        {
            return $"Job {jobId} has an owner that cannot name a folder: {ex.Message}";
        }

        return string.Equals(outputPrefix.Bucket, Bucket, StringComparison.Ordinal) && string.Equals(outputPrefix.Key, expected, StringComparison.Ordinal)
            ? null
            : $"Job {jobId} names the output prefix {outputPrefix}, but its folder is s3://{Bucket}/{expected}.";
    }

    /// <summary>
    /// Why an input may not be read, or <see langword="null"/> when it may: inputs come from the configured bucket
    /// and root only; a job with an owner reads only from that owner's folder, one without an owner never from an
    /// owner's folder; an allow-listed prefix is always readable.
    /// </summary>
    public string? CheckInput(string name, ObjectReference location, string? owner)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (string.IsNullOrEmpty(location.Key) || location.Key.Contains("..", StringComparison.Ordinal) || location.Key.StartsWith('/'))
        {
            return $"The input '{name}' names the key '{location.Key}', which is not a plain object key.";
        }

        foreach (var allowed in allowedInputPrefixes)
        {
            if (string.Equals(allowed.Bucket, location.Bucket, StringComparison.Ordinal) && location.Key.StartsWith(allowed.Key, StringComparison.Ordinal))
            {
                return null;
            }
        }

        if (!string.Equals(location.Bucket, Bucket, StringComparison.Ordinal) || !location.Key.StartsWith(RootPrefix, StringComparison.Ordinal))
        {
            return $"The input '{name}' at {location} lies outside s3://{Bucket}/{RootPrefix}, where jobs read from.";
        }

        var ownersFolder = RootPrefix + JobStorageLayout.OwnerFolderPrefix;
        if (owner is null)
        {
            return location.Key.StartsWith(ownersFolder, StringComparison.Ordinal)
                ? $"The input '{name}' at {location} lies in an owner's folder, and the job has no owner."
                : null;
        }

        return location.Key.StartsWith(JobStorageLayout.OwnerPrefix(RootPrefix, owner), StringComparison.Ordinal)
            ? null
            : $"The input '{name}' at {location} lies outside the folder of the job's owner '{owner}'.";
    }

    /// <summary>Why the job's message may not be run, or <see langword="null"/>: its output prefix, then every input.</summary>
    public string? Check(JobId jobId, string? owner, ObjectReference outputPrefix, IReadOnlyDictionary<string, ObjectReference> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (CheckOutputPrefix(jobId, owner, outputPrefix) is { } refusal)
        {
            return refusal;
        }

        foreach (var (name, location) in inputs)
        {
            if (CheckInput(name, location, owner) is { } inputRefusal)
            {
                return inputRefusal;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="location"/> is an output of a job under the root: <c>{root}[owner={o}/]{jobId}/outputs/{name}</c>.</summary>
    public bool IsJobOutput(ObjectReference location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!string.Equals(location.Bucket, Bucket, StringComparison.Ordinal) || !location.Key.StartsWith(RootPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = location.Key[RootPrefix.Length..];
        if (rest.StartsWith(JobStorageLayout.OwnerFolderPrefix, StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !StorageNames.IsSafeSegment(rest[JobStorageLayout.OwnerFolderPrefix.Length..slash]))
            {
                return false;
            }

            rest = rest[(slash + 1)..];
        }

        var jobEnd = rest.IndexOf('/', StringComparison.Ordinal);
        if (jobEnd < 0 || !JobId.TryParse(rest[..jobEnd], out _) || IsReserved(rest[..jobEnd]) || !rest[(jobEnd + 1)..].StartsWith(JobStorageLayout.OutputsFolder, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            StorageNames.ValidateFileName(rest[(jobEnd + 1 + JobStorageLayout.OutputsFolder.Length)..]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Ids that begin with '_' would name the root's own folders, so no job folder may have one.</summary>
    private static bool IsReserved(string jobId) => jobId.StartsWith('_');
}
