using AsyncAi.Tests.Forged;

namespace AsyncAi.Interop.Tests.Support;

/// <summary>
/// Sends the shared list of forged messages (tests/Shared/ForgedMessages.cs) to whichever worker polls the
/// environment's request queue and checks the one outcome every worker must give each: dead-lettered at once with its
/// reason (SQS-safe, at most 1,024 characters), nothing written, changed or deleted anywhere in the bucket (the other
/// job's claim-checked body, another tenant's file, a completed job's record), and no event sent.
/// </summary>
public static class ForgedMessageRun
{
    /// <summary>The attribute that names a message's case; both workers keep the sender's attributes when they dead-letter.</summary>
    public const string CaseAttribute = "forged-case";

    private const string Root = "jobs/";

    public static async Task RunAndAssertAsync(InteropEnvironment env, Func<string> workerOutput)
    {
        var target = new ForgedMessageTarget(env.Bucket, Root, "reverse", "reverse", "text", JobId.New().Value, JobId.New().Value, "private/secret.bin");
        await env.PutAsync(target.PrivateKey, "another tenant's private file");
        await env.PutAsync($"{Root}{target.WaitingJobId}/{JobStorageLayout.RequestObject}", $$$"""{"v":1,"jobId":"{{{target.WaitingJobId}}}","jobType":"reverse","createdAt":"2026-12-01T12:00:00Z","outputPrefix":{"bucket":"{{{env.Bucket}}}","key":"{{{Root}}}{{{target.WaitingJobId}}}/"}}""");
        await env.PutAsync($"{Root}{target.CompletedJobId}/{JobStorageLayout.CompletionObject}", $$$"""{"v":1,"jobId":"{{{target.CompletedJobId}}}","jobType":"reverse","status":"Succeeded","outputs":[],"timings":{"queuedAt":"2026-12-01T12:00:00Z","startedAt":"2026-12-01T12:00:01Z","finishedAt":"2026-12-01T12:00:02Z","queueTimeMs":1000,"runTimeMs":1000},"attempts":1,"workerId":"earlier","metadata":{}}""");
        var before = await SnapshotAsync(env);

        var cases = ForgedMessages.For(target);
        foreach (var forged in cases)
        {
            var attributes = new Dictionary<string, string>(forged.Attributes, StringComparer.Ordinal) { [CaseAttribute] = forged.Name };
            await env.SendRawAsync(env.RequestQueueUrl, forged.Body, attributes);
        }

        var deadLetters = await env.DrainAsync(env.DeadLetterQueueUrl, cases.Count, TimeSpan.FromSeconds(90));
        var events = await env.DrainAsync(env.ResponseQueueUrl, int.MaxValue, TimeSpan.FromSeconds(2));
        var after = await SnapshotAsync(env);

        var byCase = deadLetters.GroupBy(m => m.MessageAttributes?.GetValueOrDefault(CaseAttribute)?.StringValue ?? "(no case)").ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var listing = string.Join("\n", deadLetters.Select(m => $"{m.MessageAttributes?.GetValueOrDefault(CaseAttribute)?.StringValue}: {ReasonOf(m)}"));
        var failures = new List<string>();
        foreach (var forged in cases)
        {
            if (!byCase.TryGetValue(forged.Name, out var copies) || copies.Count != 1)
            {
                failures.Add($"{forged.Name}: on the dead-letter queue {copies?.Count ?? 0} times, not once");
                continue;
            }

            var reason = ReasonOf(copies[0]);
            if (!reason.Contains(forged.Reason, StringComparison.Ordinal))
            {
                failures.Add($"{forged.Name}: the reason \"{reason}\" does not contain \"{forged.Reason}\"");
            }

            if (reason.Length > 1024 || !IsSqsSafe(reason))
            {
                failures.Add($"{forged.Name}: the reason is not safe for SQS ({reason.Length} characters)");
            }

            if (copies[0].Body != forged.Body)
            {
                failures.Add($"{forged.Name}: the dead-lettered body differs from the one sent");
            }
        }

        if (events.Count > 0)
        {
            failures.Add($"{events.Count} events were sent for forged messages: {string.Join(" | ", events.Select(e => e.Body))}");
        }

        var changed = before.Where(b => !after.TryGetValue(b.Key, out var etag) || etag != b.Value).Select(b => "changed or deleted: " + b.Key)
            .Concat(after.Keys.Except(before.Keys).Select(k => "written: " + k)).ToList();
        failures.AddRange(changed);
        Assert.True(failures.Count == 0, $"{string.Join("\n", failures)}\n--- dead letters\n{listing}\n{workerOutput()}");
    }

    private static string ReasonOf(Message message) =>
        message.MessageAttributes?.GetValueOrDefault(MessageAttributeNames.DeadLetterReason)?.StringValue ?? "(no reason)";

    /// <summary>What real SQS accepts in an attribute value (the emulator accepts anything).</summary>
    private static bool IsSqsSafe(string text) =>
        text.EnumerateRunes().All(r => r.Value is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF))
        && Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) == text;

    private static async Task<Dictionary<string, string>> SnapshotAsync(InteropEnvironment env)
    {
        var objects = new Dictionary<string, string>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var page = await env.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = env.Bucket, ContinuationToken = token });
            foreach (var entry in page.S3Objects ?? [])
            {
                objects[entry.Key] = entry.ETag;
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return objects;
    }
}
