using System.Text.Json;
using AsyncAi.Client;
using AsyncAi.Ocr;

namespace AsyncAi.Interop.Tests;

/// <summary>
/// Everything the .NET producer and worker put on the queues and under a job's prefix in a real run, read back raw
/// and checked against the schemas: the test that fails when a C# writer drifts from docs/wire-format.md.
/// </summary>
public sealed class CSharpWriterConformanceTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task Every_body_and_object_the_dotnet_side_writes_in_a_real_run_is_valid_against_its_schema()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);

        // A producer that does not consume the response queue, so that the test reads every event raw.
        var client = await env.StartClientAsync(o =>
        {
            o.ResponseQueueUrl = null;
            o.StatusStore = JobStatusStoreKind.S3;
            o.MaxMessageBytes = 4096;
        });
        var publisher = client.Services.GetRequiredService<IJobPublisher>();

        var owned = JobId.New();
        var inputKey = $"jobs/owner=tenant-7/{owned}/inputs/text";
        await env.PutAsync(inputKey, "conformance");
        var first = await publisher.PublishAsync(new JobRequest("reverse")
        {
            JobId = owned,
            Owner = "tenant-7",
            IdempotencyKey = "order-42",
            Deadline = DateTimeOffset.UtcNow.AddHours(1),
            Inputs = new Dictionary<string, ObjectReference> { ["text"] = new(env.Bucket, inputKey) },
            Parameters = JobParameters.From(new { upper = true }),
            Metadata = new Dictionary<string, string> { ["requestedBy"] = "conformance" },
        });
        var bigInputKey = $"jobs/{JobId.New().Value}/inputs/big.txt";
        await env.PutAsync(bigInputKey, "claim-checked");
        var big = await publisher.PublishAsync(new JobRequest("reverse")
        {
            Inputs = new Dictionary<string, ObjectReference> { ["text"] = new(env.Bucket, bigInputKey) },
            Parameters = JobParameters.From(new { padding = new string('x', 8_000) }),
        });
        var cancelled = await publisher.PublishAsync(new JobRequest("reverse"));
        await publisher.CancelAsync(cancelled.JobId);

        // The request queue, before any worker runs: two job messages and one claim check.
        var requests = await env.DrainAsync(env.RequestQueueUrl, 3, TimeSpan.FromSeconds(30));
        Assert.Equal(3, requests.Count);
        foreach (var message in requests)
        {
            var kind = Attribute(message, MessageAttributeNames.BodyKind);
            Assert.Equal("1", Attribute(message, MessageAttributeNames.WireVersion));
            Assert.NotNull(Attribute(message, MessageAttributeNames.JobId));
            Assert.NotNull(Attribute(message, MessageAttributeNames.JobType));
            WireSchemaValidator.AssertValid(kind == BodyKinds.ClaimCheck ? "claim-check.schema.json" : "job-message.schema.json", message.Body);
        }

        Assert.Single(requests, m => Attribute(m, MessageAttributeNames.BodyKind) == BodyKinds.ClaimCheck);
        WireSchemaValidator.AssertValid("job-message.schema.json", (await env.TryGetAsync($"jobs/{big.JobId}/_request.json"))!);
        WireSchemaValidator.AssertValid("cancel-marker.schema.json", (await env.TryGetAsync($"jobs/{cancelled.JobId}/_cancel"))!);
        WireSchemaValidator.AssertValid("status-document.schema.json", (await env.TryGetAsync($"jobs/_status/owner=tenant-7/{owned}.json"))!);
        var idempotency = await env.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = env.Bucket, Prefix = "jobs/_idempotency/" });
        var record = Assert.Single(idempotency.S3Objects ?? []);
        Assert.Matches("^jobs/_idempotency/[0-9a-f]{64}$", record.Key);
        WireSchemaValidator.AssertValid("idempotency-record.schema.json", (await env.TryGetAsync(record.Key))!);

        // Put them back as they were sent, and let the .NET worker run them.
        foreach (var message in requests)
        {
            await env.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = env.RequestQueueUrl.AbsoluteUri, MessageBody = message.Body, MessageAttributes = message.MessageAttributes });
        }

        await env.StartWorkerAsync(w => w.AddJobHandler<ReverseHandler>("reverse"));
        var events = new List<Message>();
        var terminal = new HashSet<string>();
        var end = DateTime.UtcNow.AddSeconds(90);
        while (terminal.Count < 3 && DateTime.UtcNow < end)
        {
            foreach (var message in await env.DrainAsync(env.ResponseQueueUrl, 1, TimeSpan.FromSeconds(2)))
            {
                events.Add(message);
                var jobEvent = JobWireFormat.DeserializeEvent(message.Body).Event;
                if (jobEvent.IsTerminal)
                {
                    terminal.Add(jobEvent.JobId.Value);
                }
            }
        }

        Assert.Equal(3, terminal.Count);
        foreach (var message in events)
        {
            Assert.Equal(BodyKinds.Event, Attribute(message, MessageAttributeNames.BodyKind));
            Assert.Equal("1", Attribute(message, MessageAttributeNames.WireVersion));
            WireSchemaValidator.AssertValid("event-message.schema.json", message.Body);
        }

        var types = events.Select(m => JobWireFormat.DeserializeEvent(m.Body).Event.Type).ToHashSet();
        Assert.Superset(new HashSet<JobEventType> { JobEventType.Started, JobEventType.Progress, JobEventType.Succeeded, JobEventType.Cancelled }, types);
        Assert.All(
            events.Select(m => JobWireFormat.DeserializeEvent(m.Body)).Where(m => m.Event.JobId == owned),
            m => Assert.Equal(("tenant-7", true), (m.Event.Owner, m.EventId.StartsWith("owner=tenant-7/", StringComparison.Ordinal))));
        WireSchemaValidator.AssertValid("completion-record.schema.json", (await env.TryGetAsync($"jobs/owner=tenant-7/{owned}/_completion.json"))!);
        WireSchemaValidator.AssertValid("completion-record.schema.json", (await env.TryGetAsync($"jobs/{big.JobId}/_completion.json"))!);
        WireSchemaValidator.AssertValid("completion-record.schema.json", (await env.TryGetAsync($"jobs/{cancelled.JobId}/_completion.json"))!);
        Assert.Equal(first.JobId, owned);
    }

    [Fact]
    public void The_OCR_result_the_PaddleOCR_handler_writes_with_its_blocks_is_valid_against_its_schema_and_reads_the_golden_example()
    {
        // The handler serializes exactly this record with this context (PaddleOcrHandler); running the models is
        // AsyncAi.Onnx.Tests' part.
        var result = new OcrResult(
            640,
            200,
            "INVOICE\nTotal",
            [new OcrLine("INVOICE", 0.98f, new OcrBox(24, 18, 310, 42)), new OcrLine("Total", 0.5f, new OcrBox(24, 120, 280, 38))],
            new OcrTimings(3.2, 41.7, 18.9, 66.4),
            "cpu")
        {
            TextLines = [new OcrTextLine("INVOICE", 0.98f, new OcrBox(24, 18, 310, 42), [0]), new OcrTextLine("Total", 0.5f, new OcrBox(24, 120, 280, 38), [1])],
            Blocks = [new OcrBlock("INVOICE\nTotal", new OcrBox(24, 18, 310, 140), [0, 1])],
        };

        WireSchemaValidator.AssertValid("ocr-result.schema.json", JsonSerializer.Serialize(result, OcrJsonContext.Default.OcrResult));
        var golden = File.ReadAllText(Path.Combine(WireSchemaValidator.SchemaFolder, "Examples", "ocr-result.json"));
        var read = JsonSerializer.Deserialize(golden, OcrJsonContext.Default.OcrResult)!;
        Assert.Equal(3, read.Lines.Count);
        Assert.Equal(new OcrBox(24, 120, 280, 38), read.Lines[1].Box);
        Assert.Equal(["INVOICE 2026-0042", "Total: 118.00 EUR", "Paid"], read.Blocks.Select(b => b.Text));
        Assert.Equal([2], read.Blocks[2].TextLines);
        Assert.Equal(66.4, read.Timings.TotalMs);
    }

    private static string? Attribute(Message message, string name) =>
        message.MessageAttributes?.TryGetValue(name, out var value) == true ? value.StringValue : null;
}
