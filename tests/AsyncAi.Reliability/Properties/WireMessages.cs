using System.Text.Json.Nodes;
using FsCheck;

namespace AsyncAi.Reliability.Properties;

/// <summary>Valid AsyncAi messages and random mutations of them, as FsCheck generators.</summary>
internal static class WireMessages
{
    private static readonly string[] Interesting =
    [
        "\"", "{", "}", "[", "]", ",", ":", "\\", "\0", "\u0001", "\u001b", "x", "1", "-1", "1e309", "\uD800", "\uDC00", "\uFFFF", "é", "😀",
        "null", "true", "\"v\":2,", "\"v\":1,", "..", "/", "\"jobId\":\"a\",", "\n", " ",
    ];

    private static readonly JsonNode?[] OddValues =
    [
        null, 0, -1, 1.5, long.MaxValue, "", " ", "\u0000", "../..", "/etc/passwd", new string('z', 5000), true, false,
        new JsonArray(), new JsonArray(1, "a", null), new JsonObject(), new JsonObject { ["v"] = 1 }, "2026-13-45T99:99:99Z", "9999-12-31T23:59:59Z",
    ];

    public static string Job(string jobId, string jobType) => JobWireFormat.Serialize(new JobMessage
    {
        JobId = JobId.Parse(jobId),
        JobType = jobType,
        CreatedAt = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero),
        Inputs = new Dictionary<string, ObjectReference> { ["source"] = new("reliability", "jobs/" + jobId + "/inputs/source.bin") },
        Parameters = System.Text.Json.JsonDocument.Parse("""{"bytes":64,"list":[1,2,3],"nested":{"a":"b"}}""").RootElement.Clone(),
        Owner = null,
        OutputPrefix = new ObjectReference("reliability", "jobs/" + jobId + "/"),
        Metadata = new Dictionary<string, string> { ["tenant"] = "t1" },
    });

    public static string Event(string jobId) => JobWireFormat.Serialize(new EventMessage
    {
        EventId = jobId + ":completed",
        Event = new JobEvent
        {
            JobId = JobId.Parse(jobId),
            Type = JobEventType.Succeeded,
            Timestamp = new DateTimeOffset(2026, 12, 1, 12, 0, 5, TimeSpan.Zero),
            JobType = "checksum",
            Attempt = 1,
            WorkerId = "w1",
            Completion = new JobCompletion
            {
                JobId = JobId.Parse(jobId),
                JobType = "checksum",
                Status = JobStatus.Succeeded,
                Attempts = 1,
                Outputs = [new JobOutput { Name = "data.bin", Location = new("reliability", "jobs/" + jobId + "/outputs/data.bin"), SizeBytes = 64, ContentType = "application/octet-stream", Sha256 = new string('a', 64) }],
            },
        },
    });

    public static string ClaimCheck(string jobId) => JobWireFormat.Serialize(new ClaimCheck
    {
        ClaimCheckLocation = new ObjectReference("reliability", "jobs/" + jobId + "/_request.json"),
        SizeBytes = 2048,
    });

    public static Gen<string> JobIds { get; } =
        Gen.Choose(1, 64).SelectMany(n => Gen.ArrayOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-_".ToCharArray()), n)).Select(c => new string(c));

    public static Gen<string> ValidJobs { get; } = JobIds.SelectMany(id => Gen.Elements("noop", "checksum", "copy-input").Select(t => Job(id, t)));

    public static Gen<string> ValidEvents { get; } = JobIds.Select(Event);

    public static Gen<string> ValidAny { get; } = Gen.OneOf(ValidJobs, ValidEvents, JobIds.Select(ClaimCheck));

    /// <summary>One to three mutations of a valid message: characters replaced, cut, inserted, repeated, or a JSON value swapped.</summary>
    public static Gen<string> Mutated(Gen<string> valid) =>
        valid.SelectMany(body => Gen.Choose(1, 3).SelectMany(n => Apply(body, n)));

    /// <summary>Random bytes read as UTF-8 (invalid sequences become U+FFFD, as a .NET string from SQS would carry).</summary>
    public static Gen<string> RandomText { get; } =
        Gen.OneOf(
            Gen.Choose(0, 300).SelectMany(n => Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), n)).Select(b => Encoding.UTF8.GetString(b)),
            Gen.Choose(0, 60).SelectMany(n => Gen.ArrayOf(Gen.Elements(Interesting), n)).Select(parts => string.Concat(parts)));

    private static Gen<string> Apply(string body, int times)
    {
        var gen = Gen.Constant(body);
        for (var i = 0; i < times; i++)
        {
            gen = gen.SelectMany(Mutate);
        }

        return gen;
    }

    private static Gen<string> Mutate(string body)
    {
        if (body.Length == 0)
        {
            return Gen.Elements(Interesting);
        }

        var at = Gen.Choose(0, body.Length - 1);
        return Gen.OneOf(
            at.SelectMany(i => Gen.Elements(Interesting).Select(s => body[..i] + s + body[(i + 1)..])),
            at.SelectMany(i => Gen.Choose(1, 40).Select(k => body[..i] + body[Math.Min(body.Length, i + k)..])),
            at.SelectMany(i => Gen.Elements(Interesting).Select(s => body[..i] + s + body[i..])),
            at.Select(i => body[..i]),
            at.SelectMany(i => Gen.Choose(1, 40).Select(k => body[..i] + body[i..Math.Min(body.Length, i + k)] + body[i..])),
            SwapValue(body));
    }

    /// <summary>Replaces one value anywhere in the JSON tree (or removes its property) with an odd one.</summary>
    private static Gen<string> SwapValue(string body)
    {
        // Only bodies System.Text.Json.Nodes can edit: earlier mutations may have left duplicate keys or lone surrogates.
        var slots = new List<(JsonObject Parent, string Name)>();
        try
        {
            // A mutation may leave the literal `null`, which parses to no node at all.
            var root = JsonNode.Parse(body);
            Collect(root, slots);
            _ = root?.ToJsonString();
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or ArgumentException or InvalidOperationException)
        {
            return Gen.Constant(body);
        }

        if (slots.Count == 0)
        {
            return Gen.Constant(body);
        }

        return Gen.Choose(0, slots.Count - 1).SelectMany(s => Gen.Choose(-1, OddValues.Length - 1).Select(v =>
        {
            var copy = JsonNode.Parse(body)!;
            var copySlots = new List<(JsonObject Parent, string Name)>();
            Collect(copy, copySlots);
            var (parent, name) = copySlots[s];
            if (v < 0)
            {
                parent.Remove(name);
            }
            else
            {
                parent[name] = OddValues[v]?.DeepClone();
            }

            return copy.ToJsonString();
        }));
    }

    private static void Collect(JsonNode? node, List<(JsonObject Parent, string Name)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    slots.Add((obj, name));
                    Collect(child, slots);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, slots);
                }

                break;
        }
    }
}
