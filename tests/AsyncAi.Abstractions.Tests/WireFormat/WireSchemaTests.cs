using System.Text.Json.Nodes;
using AsyncAi.Tests.Support;

namespace AsyncAi.Abstractions.Tests.WireFormat;

/// <summary>
/// The schemas and golden examples beside them agree with each other and with the C# readers and writers: a writer
/// that drifts from docs/wire-format.md (a renamed field, a .NET-only type, a new undocumented field) fails here.
/// </summary>
public sealed class WireSchemaTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly JobId Id = JobId.Parse("019ad8a4f3c07b2e9a61c4d05e7f8a91");

    public static TheoryData<string> ExampleNames() => [.. WireSchemaValidator.Examples().Select(e => e.FileName)];

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Every_golden_example_is_valid_against_its_schema(string example)
    {
        var json = File.ReadAllText(Path.Combine(WireSchemaValidator.SchemaFolder, "Examples", example));

        WireSchemaValidator.AssertValid(WireSchemaValidator.SchemaOf(example), json);
    }

    [Fact]
    public void Every_schema_of_a_body_has_a_golden_example_and_is_embedded()
    {
        var onDisk = Directory.GetFiles(WireSchemaValidator.SchemaFolder, "*.schema.json").Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToList();
        var withExamples = WireSchemaValidator.Examples().Select(e => WireSchemaValidator.SchemaOf(e.FileName)).ToHashSet();

        Assert.Equal(onDisk, WireFormatSchemas.FileNames);
        Assert.All(onDisk.Where(n => n != "common.schema.json"), name => Assert.Contains(name, withExamples));
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void The_CSharp_reader_reads_every_golden_example_and_writes_it_back_valid(string example)
    {
        var json = File.ReadAllText(Path.Combine(WireSchemaValidator.SchemaFolder, "Examples", example));
        var schema = WireSchemaValidator.SchemaOf(example);
        string? written = schema switch
        {
            "job-message.schema.json" => JobWireFormat.Serialize(JobWireFormat.DeserializeJob(json)),
            "claim-check.schema.json" => JobWireFormat.Serialize(JobWireFormat.DeserializeClaimCheck(json)),
            "event-message.schema.json" => JobWireFormat.Serialize(JobWireFormat.DeserializeEvent(json)),
            "completion-record.schema.json" => JobWireFormat.SerializeCompletionRecord(JobWireFormat.DeserializeCompletionRecord(json)),
            _ => null, // Written by the client or a handler; their writers are checked in AsyncAi.Interop.Tests.
        };

        if (written is not null)
        {
            WireSchemaValidator.AssertValid(schema, written);
            Assert.True(JsonNode.DeepEquals(Normalized(json), Normalized(written)), $"Read and written again, {example} changed:\n{written}");
        }
    }

    [Fact]
    public void A_fully_populated_job_message_is_written_as_the_schema_says()
    {
        var json = JobWireFormat.Serialize(new JobMessage
        {
            JobId = Id,
            JobType = "ocr",
            CreatedAt = T0,
            Inputs = new Dictionary<string, ObjectReference> { ["image"] = new("b", $"jobs/t/{Id}/inputs/image"), ["pages/2.png"] = new("b", "elsewhere/2.png") },
            Parameters = JsonDocument.Parse("""{"lang":"de","steps":[1,2]}""").RootElement,
            IdempotencyKey = "k-1",
            Deadline = T0.AddHours(1),
            Owner = "t",
            OutputPrefix = new ObjectReference("b", $"jobs/t/{Id}/"),
            Metadata = new Dictionary<string, string> { ["m"] = "1" },
        });

        WireSchemaValidator.AssertValid("job-message.schema.json", json);
    }

    [Fact]
    public void A_minimal_job_message_and_a_claim_check_are_written_as_the_schema_says()
    {
        WireSchemaValidator.AssertValid("job-message.schema.json", JobWireFormat.Serialize(new JobMessage
        {
            JobId = Id,
            JobType = "echo",
            CreatedAt = T0,
            OutputPrefix = new ObjectReference("b", $"{Id}/"),
        }));
        WireSchemaValidator.AssertValid("claim-check.schema.json", JobWireFormat.Serialize(new ClaimCheck
        {
            ClaimCheckLocation = new ObjectReference("b", $"jobs/{Id}/_request.json"),
            SizeBytes = 2_000_000,
        }));
    }

    public static TheoryData<JobStatus> Statuses() => [.. Enum.GetValues<JobStatus>()];

    [Theory]
    [MemberData(nameof(Statuses))]
    public void Terminal_events_and_completion_records_of_every_status_are_written_as_the_schema_says(JobStatus status)
    {
        var completion = Completion(status);
        var message = new EventMessage
        {
            EventId = $"{Id}:completion",
            Event = new JobEvent { JobId = Id, Type = status.ToEventType(), Timestamp = T0.AddSeconds(3), JobType = "ocr", Attempt = 2, WorkerId = "w", Message = completion.Error?.Message, Completion = completion },
        };

        WireSchemaValidator.AssertValid("event-message.schema.json", JobWireFormat.Serialize(message));
        WireSchemaValidator.AssertValid("completion-record.schema.json", JobWireFormat.SerializeCompletionRecord(completion));
    }

    [Fact]
    public void Started_and_progress_events_are_written_as_the_schema_says()
    {
        WireSchemaValidator.AssertValid("event-message.schema.json", JobWireFormat.Serialize(new EventMessage
        {
            EventId = $"{Id}:started:1",
            Event = new JobEvent { JobId = Id, Type = JobEventType.Started, Timestamp = T0, JobType = "ocr", Attempt = 1, WorkerId = "w" },
        }));
        WireSchemaValidator.AssertValid("event-message.schema.json", JobWireFormat.Serialize(new EventMessage
        {
            EventId = $"{Id}:progress:1",
            Event = new JobEvent { JobId = Id, Type = JobEventType.Progress, Timestamp = T0, JobType = "ocr", Progress = 0.25, Message = "step 1", Attempt = 1, WorkerId = "w" },
        }));
    }

    [Fact]
    public void Durations_are_numbers_of_milliseconds_beside_the_RFC_3339_instants()
    {
        var completion = Completion(JobStatus.Succeeded) with
        {
            Timings = new JobTimings { QueuedAt = T0, StartedAt = T0.AddMilliseconds(213.0878), FinishedAt = T0.AddSeconds(2.5) },
        };

        var timings = JsonNode.Parse(JobWireFormat.SerializeCompletionRecord(completion))!["timings"]!;

        Assert.Equal(JsonValueKind.Number, timings["queueTimeMs"]!.GetValueKind());
        Assert.Equal(213.088, timings["queueTimeMs"]!.GetValue<double>());
        Assert.Equal(2286.912, timings["runTimeMs"]!.GetValue<double>());
        Assert.Equal(T0, DateTimeOffset.Parse(timings["queuedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("00:00:00", timings.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Reading_timings_takes_the_instants_and_derives_the_durations_from_them()
    {
        var json = $$$"""{"v":1,"jobId":"{{{Id}}}","jobType":"ocr","status":"Cancelled","error":{"code":"cancelled","message":"x"},"timings":{"queuedAt":"2026-12-01T12:00:00+00:00","startedAt":"2026-12-01T12:00:01Z","finishedAt":"2026-12-01T13:00:03+01:00","queueTimeMs":99999,"runTimeMs":-5}}""";

        var read = JobWireFormat.DeserializeCompletionRecord(json);

        Assert.Equal(TimeSpan.FromSeconds(1), read.Timings.QueueTime);
        Assert.Equal(TimeSpan.FromSeconds(2), read.Timings.RunTime);
    }

    [Fact]
    public void The_completion_record_carries_its_version_first_and_is_judged_by_it()
    {
        var json = JobWireFormat.SerializeCompletionRecord(Completion(JobStatus.Succeeded));

        Assert.StartsWith("""{"v":1,""", json, StringComparison.Ordinal);
        Assert.Throws<UnsupportedWireVersionException>(() => JobWireFormat.DeserializeCompletionRecord(json.Replace("\"v\":1", "\"v\":2", StringComparison.Ordinal)));
        Assert.Throws<WireFormatException>(() => JobWireFormat.DeserializeCompletionRecord(json.Replace("\"v\":1,", "", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_completion_record_is_the_completions_own_json_with_only_the_version_added()
    {
        var completion = Completion(JobStatus.Failed) with
        {
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["quote"] = "\"{}\"", ["emoji"] = "\u00e9\U0001F600" },
        };

        var record = JsonNode.Parse(JobWireFormat.SerializeCompletionRecord(completion))!.AsObject();

        Assert.Equal(1, record["v"]!.GetValue<int>());
        record.Remove("v");
        Assert.True(JsonNode.DeepEquals(JsonSerializer.SerializeToNode(completion, WireJsonContext.Default.JobCompletion), record));
    }

    [Fact]
    public void Optional_fields_a_foreign_writer_leaves_out_read_as_their_defaults()
    {
        var job = JobWireFormat.DeserializeJob(File.ReadAllText(Path.Combine(WireSchemaValidator.SchemaFolder, "Examples", "job-message.minimal.json")));
        var completion = JobWireFormat.DeserializeCompletionRecord($$$"""{"v":1,"jobId":"{{{Id}}}","jobType":"ocr","status":"Succeeded"}""");

        Assert.Empty(job.Inputs);
        Assert.Empty(job.Metadata);
        Assert.Null(job.Parameters);
        Assert.Empty(completion.Outputs);
        Assert.Empty(completion.Metadata);
        Assert.Null(completion.Timings.RunTime);
        Assert.Null(completion.FindOutput("result.json"));
    }

    public static TheoryData<string, string, string> Violations() => new()
    {
        // schema, what is wrong, a JSON Pointer-ish edit applied to a golden example (path=value as JSON)
        { "job-message.full.json", "a job id that could leave its prefix", "jobId=\"../other\"" },
        { "job-message.full.json", "an input name with '..'", "inputs={\"../x\":{\"bucket\":\"bucket\",\"key\":\"k\"}}" },
        { "job-message.full.json", "a .NET-only timestamp", "createdAt=\"12/01/2026 12:00:00\"" },
        { "job-message.full.json", "an undocumented field", "priority=5" },
        { "job-message.minimal.json", "another version", "v=2" },
        { "job-message.minimal.json", "an output prefix not ending in '/'", "outputPrefix={\"bucket\":\"bucket\",\"key\":\"jobs/x\"}" },
        { "claim-check.json", "a pointer at an object other than _request.json", "claimCheckLocation={\"bucket\":\"bucket\",\"key\":\"jobs/x/inputs/image\"}" },
        { "completion-record.succeeded.json", "no version", "v" },
        { "completion-record.succeeded.json", "a TimeSpan string as a duration", "timings/runTimeMs=\"00:00:02.2869120\"" },
        { "completion-record.succeeded.json", "an upper-case checksum", "outputs/0/sha256=\"67A22060DC0B8EF07F82A530B7E0C9854B7CCE56E61393C15F6DB2F0E6C262DF\"" },
        { "completion-record.succeeded.json", "a base64 checksum", "outputs/0/sha256=\"Z6IgYNwLjvB/gqUwt+DJhUt8zlbmE5PBX22y8ObCYt8=\"" },
        { "completion-record.expired.json", "a failure without an error", "error" },
        { "event-message.started.json", "an unknown event type", "event/type=\"started\"" },
        { "event-message.succeeded.json", "a terminal event without its completion", "event/completion" },
        { "event-message.progress.json", "progress above 1", "event/progress=1.5" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void A_body_that_breaks_the_specification_fails_its_schema(string example, string what, string edit)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(WireSchemaValidator.SchemaFolder, "Examples", example)))!;
        Apply(node, edit);

        Assert.True(WireSchemaValidator.Errors(WireSchemaValidator.SchemaOf(example), node.ToJsonString()).Count > 0, $"Expected {what} to be rejected.");
    }

    private static JobCompletion Completion(JobStatus status) => new()
    {
        JobId = Id,
        JobType = "ocr",
        Status = status,
        Outputs = status == JobStatus.Succeeded
            ? [new JobOutput { Name = "result.json", Location = new ObjectReference("b", $"jobs/{Id}/outputs/result.json"), SizeBytes = 28, ContentType = "application/json", Sha256 = new string('a', 64) }]
            : [],
        Error = status switch
        {
            JobStatus.Succeeded => null,
            JobStatus.Failed => new JobError(JobErrorCodes.HandlerFailed, "boom"),
            JobStatus.Cancelled => new JobError(JobErrorCodes.Cancelled, "The job was cancelled while it ran."),
            _ => new JobError(JobErrorCodes.DeadlineExceeded, "The job's deadline passed while it ran."),
        },
        Timings = new JobTimings { QueuedAt = T0, StartedAt = T0.AddSeconds(1), FinishedAt = T0.AddSeconds(3) },
        Attempts = 2,
        WorkerId = "w",
        Metadata = new Dictionary<string, string> { ["m"] = "1" },
    };

    /// <summary>Instants compared as instants (a writer may print +00:00 or Z, 0 or 7 fraction digits), numbers as numbers, empty collections as absent.</summary>
    private static JsonNode Normalized(string json)
    {
        var node = JsonNode.Parse(json)!;
        Normalize(node);
        return node;
    }

    private static void Normalize(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (child is JsonObject { Count: 0 } or JsonArray { Count: 0 })
                    {
                        // An absent collection reads as empty, and the writer writes it: both mean the same.
                        obj.Remove(name);
                    }
                    else if (child is JsonValue value && value.GetValueKind() == JsonValueKind.String && DateTimeOffset.TryParse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var instant) && value.GetValue<string>().Contains('T', StringComparison.Ordinal))
                    {
                        obj[name] = instant.UtcTicks;
                    }
                    else if (child is JsonValue number && number.GetValueKind() == JsonValueKind.Number)
                    {
                        obj[name] = number.GetValue<double>();
                    }
                    else if (child is not null)
                    {
                        Normalize(child);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Normalize(child);
                    }
                }

                break;
        }
    }

    private static void Apply(JsonNode root, string edit)
    {
        var parts = edit.Split('=', 2);
        var path = parts[0].Split('/');
        var parent = root;
        foreach (var segment in path[..^1])
        {
            parent = parent is JsonArray array ? array[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]! : parent[segment]!;
        }

        var last = path[^1];
        if (parts.Length == 1)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = JsonNode.Parse(parts[1]);
        }
    }
}
