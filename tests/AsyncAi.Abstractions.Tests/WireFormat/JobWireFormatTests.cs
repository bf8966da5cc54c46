namespace AsyncAi.Abstractions.Tests.WireFormat;

public sealed class JobWireFormatTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_job_message_round_trips()
    {
        var job = new JobMessage
        {
            JobId = JobId.Parse("j1"),
            JobType = "ocr",
            CreatedAt = T0,
            Inputs = new Dictionary<string, ObjectReference> { ["image"] = new("b", "jobs/j1/inputs/image") },
            Parameters = JsonDocument.Parse("""{"lang":"de"}""").RootElement,
            IdempotencyKey = "k",
            Deadline = T0.AddHours(1),
            Owner = "t",
            OutputPrefix = new ObjectReference("b", "jobs/t/j1/"),
            Metadata = new Dictionary<string, string> { ["m"] = "1" },
        };

        var read = JobWireFormat.DeserializeJob(JobWireFormat.Serialize(job));

        Assert.Equal(job.JobId, read.JobId);
        Assert.Equal(job.Inputs["image"], read.Inputs["image"]);
        Assert.Equal("de", read.Parameters!.Value.GetProperty("lang").GetString());
        Assert.Equal(job.Deadline, read.Deadline);
        Assert.Equal(job.OutputPrefix, read.OutputPrefix);
        Assert.Equal("1", read.Metadata["m"]);
        Assert.Equal(JobWireFormat.CurrentVersion, read.Version);
    }

    [Fact]
    public void Bodies_are_read_by_their_own_utf8_bytes_whatever_was_read_before()
    {
        // The decode buffer is rented and reused: a short body after a long one must not see the long one's tail,
        // and characters outside ASCII (written unescaped by other languages) must be counted as their UTF-8 bytes.
        var longBody = $$$"""{"v":1,"jobId":"long","jobType":"ocr","createdAt":"2026-03-01T12:00:00Z","outputPrefix":{"bucket":"b","key":"jobs/x/"},"metadata":{"pad":"{{{new string('x', 5000)}}}"}}""";
        var shortBody = """{"v":1,"jobId":"kurz","jobType":"ocr","createdAt":"2026-03-01T12:00:00Z","outputPrefix":{"bucket":"b","key":"jobs/x/"},"metadata":{"name":"Grüße 日本 😀"}}""";

        Assert.Equal(5000, JobWireFormat.DeserializeJob(longBody).Metadata["pad"].Length);
        var read = JobWireFormat.DeserializeJob(shortBody);

        Assert.Equal("kurz", read.JobId.Value);
        Assert.Equal("Grüße 日本 😀", read.Metadata["name"]);
    }

    [Fact]
    public void An_event_message_round_trips_with_its_completion()
    {
        var message = new EventMessage
        {
            EventId = "e1",
            Event = new JobEvent
            {
                JobId = JobId.Parse("j1"),
                Type = JobEventType.Failed,
                Timestamp = T0,
                Completion = new JobCompletion
                {
                    JobId = JobId.Parse("j1"),
                    JobType = "ocr",
                    Status = JobStatus.Failed,
                    Error = new JobError(JobErrorCodes.InvalidInput, "bad image"),
                },
            },
        };

        var json = JobWireFormat.Serialize(message);
        var read = JobWireFormat.DeserializeEvent(json);

        Assert.Equal("e1", read.EventId);
        Assert.Equal(JobEventType.Failed, read.Event.Type);
        Assert.Equal(new JobError(JobErrorCodes.InvalidInput, "bad image"), read.Event.Completion!.Error);
        Assert.Contains("\"Failed\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_claim_check_round_trips()
    {
        var check = new ClaimCheck { ClaimCheckLocation = new ObjectReference("b", "jobs/j1/_request.json"), SizeBytes = 2_000_000 };

        var read = JobWireFormat.DeserializeClaimCheck(JobWireFormat.Serialize(check));

        Assert.Equal(check, read);
    }

    [Theory]
    [InlineData("""{"v":2,"jobId":"j1","jobType":"ocr"}""")]
    [InlineData("""{"something":"else","v":7,"nested":{"v":1}}""")]
    [InlineData("""{"v":0}""")]
    public void An_unknown_version_is_rejected_whatever_the_rest_of_the_body_looks_like(string body)
    {
        Assert.Throws<UnsupportedWireVersionException>(() => JobWireFormat.DeserializeJob(body));
        Assert.Throws<UnsupportedWireVersionException>(() => JobWireFormat.DeserializeEvent(body));
    }

    [Theory]
    [InlineData("""{"jobId":"j1","jobType":"ocr"}""")]
    [InlineData("""{"nested":{"v":1}}""")]
    public void A_body_without_a_top_level_version_is_rejected(string body)
    {
        var error = Assert.Throws<WireFormatException>(() => JobWireFormat.DeserializeJob(body));
        Assert.IsNotType<UnsupportedWireVersionException>(error);
        Assert.Contains("\"v\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"v":"1"}""")]
    [InlineData("""{"v":1,"jobId":"../../etc","jobType":"x","createdAt":"2026-01-01T00:00:00Z","outputPrefix":{"bucket":"b","key":"k"}}""")]
    [InlineData("""{"v":1,"jobType":"x"}""")]
    public void Malformed_bodies_are_rejected_with_a_wire_format_error(string body) =>
        Assert.ThrowsAny<WireFormatException>(() => JobWireFormat.DeserializeJob(body));

    // JSON null inside a collection passes System.Text.Json's nullable checks; found by the reliability fuzz run,
    // where such a job crashed the worker's location check on every delivery instead of being dead-lettered.
    [Theory]
    [InlineData("inputs", """{"source":null}""")]
    [InlineData("metadata", """{"tenant":null}""")]
    public void A_job_with_a_null_entry_in_a_collection_is_rejected_with_a_wire_format_error(string property, string value)
    {
        var body = $$"""{"v":1,"jobId":"j1","jobType":"x","createdAt":"2026-01-01T00:00:00Z","outputPrefix":{"bucket":"b","key":"jobs/j1/"},"{{property}}":{{value}}}""";

        var error = Assert.Throws<WireFormatException>(() => JobWireFormat.DeserializeJob(body));

        Assert.Contains($"{property} entry", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_event_whose_completion_has_a_null_output_is_rejected_with_a_wire_format_error()
    {
        const string body = """{"v":1,"eventId":"e1","event":{"jobId":"j1","type":"Succeeded","timestamp":"2026-01-01T00:00:00Z","completion":{"jobId":"j1","jobType":"x","status":"Succeeded","outputs":[null],"attempts":1}}}""";

        var error = Assert.Throws<WireFormatException>(() => JobWireFormat.DeserializeEvent(body));

        Assert.Contains("outputs[0]", error.Message, StringComparison.Ordinal);
    }
}
