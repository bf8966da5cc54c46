namespace AsyncAi.Client;

/// <summary>
/// The SQS <c>MessageGroupId</c> a job is sent with: its tenant on a standard queue, where SQS fair queues use the
/// group to keep one tenant's backlog from delaying the others (docs/wire-format.md, "Message group"). The tenant is
/// <see cref="AsyncAiClientOptions.TenantKey"/>'s answer, else the job's owner; a job with neither has no group.
/// </summary>
/// <remarks>
/// A FIFO queue (its name ends in <c>.fifo</c>) gives a group its own meaning: messages of one group are delivered
/// in order and one at a time, so a tenant's group there would run each tenant's jobs one by one. The publisher
/// leaves groups off on FIFO queues rather than change what they mean.
/// </remarks>
internal static class MessageGroups
{
    /// <summary>The longest group id SQS accepts.</summary>
    public const int MaxLength = 128;

    /// <summary>Whether <paramref name="queueUrl"/> names a FIFO queue.</summary>
    public static bool IsFifo(string queueUrl) => queueUrl.TrimEnd('/').EndsWith(".fifo", StringComparison.Ordinal);

    /// <summary>SQS's rule: 1 to 128 printable ASCII characters (letters, digits and punctuation, no space).</summary>
    public static bool IsValid(string? groupId)
    {
        if (string.IsNullOrEmpty(groupId) || groupId.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in groupId)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The group of <paramref name="request"/>, or <see langword="null"/> for none; throws when the tenant key breaks SQS's rule.</summary>
    /// <param name="request">The job.</param>
    /// <param name="tenantKey">The application's tenant key, or <see langword="null"/> to use the owner.</param>
    public static string? Of(JobRequest request, Func<JobRequest, string?>? tenantKey)
    {
        var tenant = tenantKey is null ? request.Owner : tenantKey(request) ?? request.Owner;
        if (string.IsNullOrEmpty(tenant))
        {
            return null;
        }

        if (!IsValid(tenant))
        {
            throw new ArgumentException($"The tenant key of a job ('{tenant}') is not a valid SQS MessageGroupId: 1 to {MaxLength} printable ASCII characters without spaces.", nameof(request));
        }

        return tenant;
    }
}
