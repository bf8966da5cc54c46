namespace AsyncAi.Aws.Storage;

/// <summary>
/// One job's folder in S3, <c>{root}{owner/}{jobId}/</c>, and the key of every object in it. Producer and worker
/// both derive a job's keys from this type only (the layout itself is <see cref="JobStorageLayout"/>).
/// </summary>
/// <param name="Bucket">The bucket.</param>
/// <param name="Prefix">The job's prefix, ending in '/'.</param>
internal sealed record JobFolder(string Bucket, string Prefix)
{
    /// <summary>The folder of a job under a root prefix.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="rootPrefix">The root prefix, empty or ending in '/'.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner, or <see langword="null"/>.</param>
    public static JobFolder Of(string bucket, string rootPrefix, JobId jobId, string? owner) =>
        new(bucket, JobStorageLayout.JobPrefix(rootPrefix, jobId, owner));

    /// <summary>The folder a job message names as its output prefix.</summary>
    public static JobFolder Of(ObjectReference outputPrefix)
    {
        ArgumentNullException.ThrowIfNull(outputPrefix);
        return new(outputPrefix.Bucket, outputPrefix.Key);
    }

    /// <summary>The folder as an object reference (the job message's output prefix).</summary>
    public ObjectReference Reference => new(Bucket, Prefix);

    /// <summary>The completion record.</summary>
    public string CompletionKey => Prefix + JobStorageLayout.CompletionObject;

    /// <summary>The cancellation marker.</summary>
    public string CancelKey => Prefix + JobStorageLayout.CancelObject;

    /// <summary>The claim-checked job message.</summary>
    public string RequestKey => Prefix + JobStorageLayout.RequestObject;

    /// <summary>Where a job's own objects that are not inputs or outputs begin: every control object starts with '_'.</summary>
    public string ControlObjectsPrefix => Prefix + "_";

    /// <summary>
    /// Whether <paramref name="key"/> is the claim-checked job message of a folder named <paramref name="jobId"/>,
    /// whatever the root and owner before it: what a claim check may point at before the message it loads says
    /// which folder is the job's.
    /// </summary>
    public static bool IsRequestKeyOf(string key, string jobId)
    {
        var suffix = jobId + "/" + JobStorageLayout.RequestObject;
        return key.EndsWith(suffix, StringComparison.Ordinal) && (key.Length == suffix.Length || key[key.Length - suffix.Length - 1] == '/');
    }

    /// <summary>The key of an input.</summary>
    public string InputKey(string name) => JobStorageLayout.InputKey(Prefix, name);

    /// <summary>The key of an output.</summary>
    public string OutputKey(string name) => JobStorageLayout.OutputKey(Prefix, name);

    /// <summary>Whether <paramref name="location"/> lies inside this folder.</summary>
    public bool Contains(ObjectReference location) =>
        location is not null && string.Equals(location.Bucket, Bucket, StringComparison.Ordinal) && location.Key.StartsWith(Prefix, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => $"s3://{Bucket}/{Prefix}";
}
