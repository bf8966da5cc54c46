namespace AsyncAi;

/// <summary>
/// Where a job's objects live in S3. Producer and worker both derive every key from the job's prefix, so the
/// layout is written down once, here:
/// <code>
/// {root}{jobId}/...                          a job without an owner (the objects below)
/// {root}owner={owner}/{jobId}/...            a job of an owner or tenant: 'owner=' cannot begin a job id, so the
///                                          two never collide
/// {root}{owner/}{jobId}/inputs/{name}       inputs uploaded by the browser or the backend
/// {root}{owner/}{jobId}/outputs/{name}      outputs written by the worker
/// {root}{owner/}{jobId}/_request.json       the job message, when it was too large for the queue (claim check)
/// {root}{owner/}{jobId}/_completion.json    the completion record (written once, conditionally)
/// {root}{owner/}{jobId}/_cancel             present when the job was cancelled
/// {root}_idempotency/{sha256(key)}          the job id an idempotency key was first published with
/// {root}_status/{jobId}.json                the latest status of a job without owner, for backends with several
///                                          instances
/// {root}_status/owner={owner}/{jobId}.json  the latest status of an owner's job
/// </code>
/// </summary>
public static class JobStorageLayout
{
    /// <summary>The folder of inputs inside a job's prefix.</summary>
    public const string InputsFolder = "inputs/";

    /// <summary>The folder of outputs inside a job's prefix.</summary>
    public const string OutputsFolder = "outputs/";

    /// <summary>The claim-checked job message inside a job's prefix.</summary>
    public const string RequestObject = "_request.json";

    /// <summary>The completion record inside a job's prefix.</summary>
    public const string CompletionObject = "_completion.json";

    /// <summary>The folder of status records under the root prefix; see <see cref="StatusKey"/>.</summary>
    public const string StatusFolder = "_status/";

    /// <summary>The cancellation marker inside a job's prefix.</summary>
    public const string CancelObject = "_cancel";

    /// <summary>The folder of idempotency records under the root prefix.</summary>
    public const string IdempotencyFolder = "_idempotency/";

    /// <summary>The folder of one owner's jobs under the root prefix: <c>owner={owner}/</c>.</summary>
    public const string OwnerFolderPrefix = "owner=";

    /// <summary>
    /// The prefix of one job: <c>{root}{jobId}/</c>, or <c>{root}owner={owner}/{jobId}/</c> for a job with an owner.
    /// A job id holds no '=', so an owner-less job's folder can never be an owner's folder, or inside one.
    /// </summary>
    /// <param name="rootPrefix">The root prefix, empty or ending in '/'.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The owner or tenant, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The owner holds characters other than letters, digits, '-' and '_'.</exception>
    public static string JobPrefix(string rootPrefix, JobId jobId, string? owner)
    {
        ArgumentNullException.ThrowIfNull(rootPrefix);
        if (owner is not null && !StorageNames.IsSafeSegment(owner))
        {
            throw new ArgumentException($"The owner '{owner}' may hold only letters, digits, '-' and '_' (at most {StorageNames.MaxSegmentLength}).", nameof(owner));
        }

        return owner is null ? $"{rootPrefix}{jobId.Value}/" : $"{OwnerPrefix(rootPrefix, owner)}{jobId.Value}/";
    }

    /// <summary>The folder of all jobs of one owner: <c>{root}owner={owner}/</c>.</summary>
    /// <param name="rootPrefix">The root prefix, empty or ending in '/'.</param>
    /// <param name="owner">The owner or tenant.</param>
    /// <exception cref="ArgumentException">The owner holds characters other than letters, digits, '-' and '_'.</exception>
    public static string OwnerPrefix(string rootPrefix, string owner)
    {
        ArgumentNullException.ThrowIfNull(rootPrefix);
        if (!StorageNames.IsSafeSegment(owner))
        {
            throw new ArgumentException($"The owner '{owner}' may hold only letters, digits, '-' and '_' (at most {StorageNames.MaxSegmentLength}).", nameof(owner));
        }

        return $"{rootPrefix}{OwnerFolderPrefix}{owner}/";
    }

    /// <summary>
    /// The key of a job's status record: <c>{root}_status/{jobId}.json</c>, or <c>{root}_status/owner={owner}/{jobId}.json</c>
    /// for a job with an owner; as with job folders, an owner-less job's record can never be an owner's.
    /// </summary>
    /// <param name="rootPrefix">The root prefix, empty or ending in '/'.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The owner or tenant, or <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The owner holds characters other than letters, digits, '-' and '_'.</exception>
    public static string StatusKey(string rootPrefix, JobId jobId, string? owner)
    {
        ArgumentNullException.ThrowIfNull(rootPrefix);
        var folder = rootPrefix + StatusFolder;
        return owner is null ? $"{folder}{jobId.Value}.json" : $"{OwnerPrefix(folder, owner)}{jobId.Value}.json";
    }

    /// <summary>The key of an input inside a job's prefix.</summary>
    /// <param name="jobPrefix">The job's prefix, ending in '/'.</param>
    /// <param name="name">The input name; see <see cref="StorageNames.ValidateFileName"/>.</param>
    public static string InputKey(string jobPrefix, string name) => jobPrefix + InputsFolder + StorageNames.ValidateFileName(name);

    /// <summary>The key of an output inside a job's prefix.</summary>
    /// <param name="jobPrefix">The job's prefix, ending in '/'.</param>
    /// <param name="name">The output name; see <see cref="StorageNames.ValidateFileName"/>.</param>
    public static string OutputKey(string jobPrefix, string name) => jobPrefix + OutputsFolder + StorageNames.ValidateFileName(name);

    /// <summary>
    /// Whether <paramref name="key"/> is an output of exactly this job, <c>{root}[owner={o}/]{jobId}/outputs/{name}</c>:
    /// how a backend refuses a completion (or a stored view) that lists another job's or owner's files.
    /// </summary>
    /// <param name="rootPrefix">The root prefix of all job folders.</param>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner, or <see langword="null"/>.</param>
    /// <param name="key">The object key to judge.</param>
    public static bool IsOutputOf(string rootPrefix, JobId jobId, string? owner, string? key)
    {
        ArgumentNullException.ThrowIfNull(rootPrefix);
        if (key is null || jobId.IsEmpty || (owner is not null && !StorageNames.IsSafeSegment(owner)))
        {
            return false;
        }

        var folder = JobPrefix(rootPrefix, jobId, owner) + OutputsFolder;
        if (!key.StartsWith(folder, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            StorageNames.ValidateFileName(key[folder.Length..]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
