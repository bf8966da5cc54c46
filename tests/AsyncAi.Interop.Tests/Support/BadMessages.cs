namespace AsyncAi.Interop.Tests.Support;

/// <summary>
/// The request-queue messages that docs/wire-format.md ("Bad messages") says a worker dead-letters at once with a
/// reason, each with a part of the reason both workers give. Any worker of the specification must treat them alike.
/// </summary>
public static class BadMessages
{
    private static readonly (string Name, string Body, Dictionary<string, string> Attributes, string Reason)[] All = Build();

    public static int Count => All.Length;

    public static async Task SendAllAsync(InteropEnvironment env)
    {
        foreach (var (_, body, attributes, _) in All)
        {
            await env.SendRawAsync(env.RequestQueueUrl, body.Replace("BUCKET", env.Bucket, StringComparison.Ordinal), attributes);
        }
    }

    /// <summary>Every bad message is in the dead-letter queue once, with its body and a reason that names what is wrong.</summary>
    public static void AssertAllDeadLettered(IReadOnlyList<Message> deadLetters, string workerOutput)
    {
        var reasons = deadLetters
            .Select(m => m.MessageAttributes?.TryGetValue(MessageAttributeNames.DeadLetterReason, out var reason) == true ? reason.StringValue : "(no reason)")
            .ToList();
        var listing = string.Join("\n", reasons);
        Assert.True(deadLetters.Count == All.Length, $"{deadLetters.Count} of {All.Length} bad messages were dead-lettered:\n{listing}\n{workerOutput}");
        foreach (var (name, _, _, reason) in All)
        {
            Assert.True(reasons.Any(r => r.Contains(reason, StringComparison.Ordinal)), $"No dead-letter reason for '{name}' contains \"{reason}\":\n{listing}");
        }
    }

    private static (string, string, Dictionary<string, string>, string)[] Build()
    {
        const string prefix = """ "outputPrefix":{"bucket":"BUCKET","key":"jobs/bad/"} """;
        static Dictionary<string, string> Job(string jobId, string kind = "job") => new()
        {
            [MessageAttributeNames.WireVersion] = "1",
            [MessageAttributeNames.BodyKind] = kind,
            [MessageAttributeNames.JobId] = jobId,
        };

        return
        [
            ("not JSON", "this is not json", [], "not valid JSON"),
            ("a body of only white space", "   ", [], "The message body is empty."),
            ("a JSON array", """[{"v":1}]""", [], "The message body is not a JSON object."),
            ("JSON null", "null", [], "The message body is not a JSON object."),
            ("no version", """{"jobId":"j-nov","jobType":"reverse","createdAt":"2026-12-01T12:00:00Z",""" + prefix + "}", [], "no version \"v\""),
            ("another major version", """{"v":2,"jobId":"j-v2","jobType":"reverse"}""", new() { [MessageAttributeNames.WireVersion] = "2" }, "wire format version 2"),
            ("a job id that could leave its prefix", """{"v":1,"jobId":"../etc","jobType":"reverse","createdAt":"2026-12-01T12:00:00Z",""" + prefix + "}", [], "is not a valid job id"),
            ("no output prefix", """{"v":1,"jobId":"j-nop","jobType":"reverse","createdAt":"2026-12-01T12:00:00Z"}""", Job("j-nop"), "outputPrefix"),
            ("a job-id attribute that contradicts the body", """{"v":1,"jobId":"j-one","jobType":"reverse","createdAt":"2026-12-01T12:00:00Z",""" + prefix + "}", Job("j-two"), "The message's job-id attribute 'j-two' does not match the job id 'j-one' in its body."),
            ("an unknown job type", """{"v":1,"jobId":"j-unk","jobType":"no-such-type","createdAt":"2026-12-01T12:00:00Z",""" + prefix + "}", Job("j-unk"), "No handler is registered for job type 'no-such-type'"),
            ("an output prefix in another tenant's folder", """{"v":1,"jobId":"j-fp","jobType":"reverse","createdAt":"2026-12-01T12:00:00Z","outputPrefix":{"bucket":"BUCKET","key":"jobs/owner=victim/j-fp/"}}""", Job("j-fp"), "j-fp names the output prefix"),
            ("an owner's job naming another owner's folder", """{"v":1,"jobId":"j-fo","jobType":"reverse","createdAt":"2026-12-01T12:00:00Z","owner":"mallory","outputPrefix":{"bucket":"BUCKET","key":"jobs/owner=victim/j-fo/"}}""", Job("j-fo"), "/jobs/owner=mallory/j-fo/."),
            ("a null input", """{"v":1,"jobId":"j-ni","jobType":"reverse","createdAt":"2026-12-01T12:00:00Z","inputs":{"source":null},""" + prefix + "}", Job("j-ni"), "inputs entry 'source'"),
            ("a claim check that points at an input", """{"v":1,"claimCheckLocation":{"bucket":"BUCKET","key":"jobs/other/inputs/secret"},"sizeBytes":10}""", Job("j-cc", BodyKinds.ClaimCheck), "_request.json"),
            ("an event on the request queue", """{"v":1,"eventId":"e","event":{"jobId":"j-ev","type":"Started","timestamp":"2026-12-01T12:00:00Z"}}""", Job("j-ev", BodyKinds.Event), "not a job"),
        ];
    }
}

/// <summary>
/// Request-queue messages that look unusual but follow docs/wire-format.md, which every worker must run: no
/// attributes at all, a field of a later minor version, 'Z' and nine fraction digits in a timestamp.
/// </summary>
public static class TolerableMessages
{
    public static async Task<IReadOnlyList<JobId>> SendAllAsync(InteropEnvironment env, string jobType)
    {
        var ids = new List<JobId>();
        foreach (var template in new[]
        {
            """{"v":1,"jobId":"ID","jobType":"TYPE","createdAt":"2026-12-01T12:00:00Z","outputPrefix":{"bucket":"BUCKET","key":"jobs/ID/"}}""",
            """{"v":1,"jobId":"ID","jobType":"TYPE","createdAt":"2026-12-01T12:00:00.123456789+02:00","outputPrefix":{"bucket":"BUCKET","key":"jobs/ID/"},"priority":"high","inputs":{},"metadata":{"a":"b"}}""",
        })
        {
            var id = JobId.New();
            ids.Add(id);
            var body = template.Replace("ID", id.Value, StringComparison.Ordinal).Replace("TYPE", jobType, StringComparison.Ordinal).Replace("BUCKET", env.Bucket, StringComparison.Ordinal);
            await env.SendRawAsync(env.RequestQueueUrl, body);
        }

        return ids;
    }
}
