using System.Text.Json.Nodes;
using Amazon.S3.Model;
using AsyncAi.Tests.Forged;

namespace AsyncAi.Reliability.Scenarios;

/// <summary>
/// One batch with every bad-input case between good jobs, sent to one worker process; each case's test then judges
/// its own outcome from what this run observed (records, dead-letter queue, journal, bucket).
/// </summary>
public sealed class BadInputRun : IAsyncLifetime
{
    /// <summary>The message attribute that names a hand-made message's case (kept by the dead-letter move).</summary>
    public const string CaseAttribute = "reliability-case";

    private const string Root = "jobs/";
    private readonly Dictionary<string, SentCase> _cases = new(StringComparer.Ordinal);
    private Stage? _stage;

    internal Stage Stage => _stage!;

    internal IReadOnlyList<RecordedCompletion> Records { get; private set; } = [];

    internal IReadOnlyList<Message> DeadLetters { get; private set; } = [];

    internal IReadOnlyList<JournalRun> Runs { get; private set; } = [];

    internal IReadOnlyList<string> Keys { get; private set; } = [];

    internal IReadOnlyList<string> GoodJobs { get; private set; } = [];

    internal int RequestQueueDepth { get; private set; }

    /// <summary>A completed job whose folder forged messages aim at.</summary>
    internal string Victim { get; private set; } = "";

    internal string VictimCompletion { get; private set; } = "";

    internal string VictimCompletionAfter { get; private set; } = "";

    /// <summary>A claim-checked body that waits in S3 for its own queue message (never sent).</summary>
    internal string WaitingJob { get; private set; } = "";

    internal static readonly byte[] Secret = Encoding.UTF8.GetBytes("another tenant's private file");

    /// <summary>The part of its dead-letter reason each forged case must give, as every worker gives it.</summary>
    internal Dictionary<string, string> ForgedReasons { get; } = new(StringComparer.Ordinal);

    /// <summary>The encoded size of each image case's input.</summary>
    internal Dictionary<string, int> ImageBytes { get; } = new(StringComparer.Ordinal);

    internal SentCase Case(string name) => _cases[name];

    public async Task InitializeAsync()
    {
        var wall = System.Diagnostics.Stopwatch.StartNew();
        _stage = await Stage.CreateAsync("bad-input");
        var backend = Stage.StartBackend();
        // A corrupt model, made here (no binaries in the repository): bytes that are no ONNX protobuf.
        var corruptModel = Path.Combine(Stage.Folder, "corrupt.onnx");
        await File.WriteAllBytesAsync(corruptModel, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251))]);
        var worker = Stage.StartWorker(new Dictionary<string, string> { ["MaxAttempts"] = "3", ["Models:" + JobTypes.ModelName + ":ModelPath"] = corruptModel });
        await Task.WhenAll(backend.WaitForReadyAsync(), worker.WaitForReadyAsync());
        var bucket = Stage.Resources.Bucket;
        var good = ReliabilityProfile.Current.GoodJobs;

        var victim = await Jobs.PublishAsync(Stage, JobTypes.Checksum, _ => new ChecksumParameters(), HostJsonContext.Default.ChecksumParameters, 1);
        Victim = victim[0];
        Assert.True(await Stage.WaitForRecordsAsync(victim, TimeSpan.FromSeconds(60), [worker, backend]), "the victim job did not complete");
        VictimCompletion = await ReadTextAsync(Root + Victim + "/" + JobStorageLayout.CompletionObject);
        WaitingJob = JobId.New().Value;
        await Stage.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = Root + WaitingJob + "/" + JobStorageLayout.RequestObject, ContentBody = Body(WaitingJob, JobTypes.NoOp).ToJsonString() });
        await Stage.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "private/secret.bin", InputStream = new MemoryStream(Secret) });

        var before = await Jobs.PublishAsync(Stage, JobTypes.Checksum, i => new ChecksumParameters { Bytes = 300 + i }, HostJsonContext.Default.ChecksumParameters, good / 2);

        // Not JSON, not a job, not this version.
        await SendRawAsync("not-json", "this is { not json");
        await SendRawAsync("whitespace-body", "   ");
        await SendRawAsync("json-array", """[{"v":1}]""");
        await SendRawAsync("json-null", "null");
        await SendAsync("unknown-version", NewId(), b => b["v"] = 99);
        await SendAsync("missing-version", NewId(), b => b.Remove("v"));
        await SendAsync("version-attribute-not-integer", NewId(), attributes: new() { [MessageAttributeNames.WireVersion] = Text("one") });
        await SendAsync("kind-attribute-event", NewId(), attributes: new() { [MessageAttributeNames.BodyKind] = Text(BodyKinds.Event) });
        await SendAsync("job-id-attribute-mismatch", NewId(), attributes: new() { [MessageAttributeNames.JobId] = Text(JobId.New().Value) });
        await SendAsync("wrong-field-types", NewId(), b => { b["jobId"] = 12345; b["createdAt"] = true; });
        await SendAsync("missing-output-prefix", NewId(), b => b.Remove("outputPrefix"));
        await SendAsync("unknown-job-type", NewId(), b => b["jobType"] = "no-such-type");
        await SendAsync("control-characters-in-job-type", NewId(), b => b["jobType"] = "noop\u0001\u001b[2J");
        await SendAsync("control-characters-in-job-id", "bad\u0007id", b => { });
        await SendAsync("lone-surrogate-in-job-type", NewId(), b => b["jobType"] = "noop\uD800");
        await SendAsync("binary-version-attribute", NewId(), attributes: new() { [MessageAttributeNames.WireVersion] = new MessageAttributeValue { DataType = "Binary", BinaryValue = new MemoryStream([1]) } });
        await SendRawAsync("oversized-body", new string('x', 1024 * 1024 + 1));

        // Deadlines.
        await SendAsync("deadline-in-the-past", NewId(), b => b["deadline"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O"));
        await SendAsync("deadline-far-in-the-future", NewId(), b => b["deadline"] = DateTimeOffset.UtcNow.AddDays(100).ToString("O"));

        // Inputs.
        await SendAsync("missing-input-object", NewId(), b => { }, JobTypes.CopyInput, id => new JsonObject { [JobTypes.CopySource] = Ref(bucket, Root + id + "/inputs/never-uploaded.bin") });
        await SendAsync("no-input-at-all", NewId(), b => { }, JobTypes.CopyInput);
        await SendAsync("input-name-with-dot-dot", NewId(), b => { }, JobTypes.CopyInput, id => new JsonObject { ["../" + JobTypes.CopySource] = Ref(bucket, Root + id + "/inputs/x.bin") });

        // Forged locations, ids and text (issues 9 and 23): the one list that the cross-language tests also send to the
        // .NET and the Python worker (tests/Shared/ForgedMessages.cs); every case is dead-lettered with its reason.
        foreach (var forged in ForgedMessages.For(new ForgedMessageTarget(bucket, Root, JobTypes.Checksum, JobTypes.CopyInput, JobTypes.CopySource, Victim, WaitingJob, "private/secret.bin")))
        {
            ForgedReasons[forged.Name] = forged.Reason;
            var attributes = forged.Attributes.ToDictionary(a => a.Key, a => Text(a.Value), StringComparer.Ordinal);

            // '_status' names the SDK's own folder, where status records of other jobs live: judged by the reason alone.
            await SendCoreAsync(forged.Name, forged.JobId is { } id && !id.StartsWith('_') ? id : null, forged.Body, attributes);
        }

        // Images through AsyncAi.Imaging: a valid one, and a decompression bomb (a few KB declaring 50,000 x 50,000
        // RGBA pixels, 10 GB as a bitmap, with an IDAT of 8 MiB of zeros); and a job whose model is corrupt.
        await SendImageAsync("image-valid", PngFiles.Valid(3, 2));
        await SendImageAsync("image-decompression-bomb", PngFiles.Bomb(50_000, 50_000, 8 * 1024 * 1024));
        await SendAsync("model-corrupt", NewId(), b => { }, JobTypes.LoadModel);

        // Through the publisher: too large for a message (claim-checked), and a completion too large for the queue.
        var oversized = await Stage.Publisher.PublishAsync(new JobRequest(JobTypes.Checksum)
        {
            Parameters = System.Text.Json.JsonDocument.Parse($$"""{"bytes":64,"padding":"{{new string('p', 1536 * 1024)}}"}""").RootElement.Clone(),
        });
        _cases["oversized-parameters"] = new SentCase("oversized-parameters", oversized.JobId.Value, null);
        var bigMetadata = await Stage.Publisher.PublishAsync(new JobRequest(JobTypes.NoOp)
        {
            Metadata = new Dictionary<string, string> { ["note"] = new string('m', 1100 * 1024) },
        });
        _cases["completion-larger-than-the-queue-allows"] = new SentCase("completion-larger-than-the-queue-allows", bigMetadata.JobId.Value, null);

        var after = await Jobs.PublishAsync(Stage, JobTypes.Checksum, i => new ChecksumParameters { Bytes = 500 + i }, HostJsonContext.Default.ChecksumParameters, good - good / 2);
        GoodJobs = [.. before, .. after];

        // Wait for the good jobs and every case that should end in a completion; cases that loop get a bounded wait.
        var expectCompletion = new[] { "deadline-in-the-past", "deadline-far-in-the-future", "missing-input-object", "no-input-at-all", "input-name-with-dot-dot", "oversized-parameters", "completion-larger-than-the-queue-allows", "binary-version-attribute", "image-valid", "image-decompression-bomb", "model-corrupt" };
        Assert.True(await Stage.WaitForRecordsAsync(GoodJobs, TimeSpan.FromSeconds(90), [worker, backend]), "good jobs did not complete next to the bad input");
        await Stage.WaitForRecordsAsync(expectCompletion.Select(c => _cases[c].JobId!).ToList(), TimeSpan.FromSeconds(20));
        RequestQueueDepth = await Stage.Checks.WaitForEmptyAsync(Stage.Resources.RequestQueueUrl, TimeSpan.FromSeconds(10));
        await Task.Delay(1500);

        Records = Stage.Records();
        DeadLetters = await Stage.Checks.DrainAsync(Stage.Resources.RequestDeadLetterQueueUrl);
        Runs = WorkerJournal.Runs(worker).ToList();
        Keys = await ListKeysAsync();
        VictimCompletionAfter = await ReadTextAsync(Root + Victim + "/" + JobStorageLayout.CompletionObject);
        Assert.False(worker.HasExited, "the worker died on bad input");
        Assert.False(backend.HasExited, "the backend died");

        var met = BadInputTests.Expectations.Count(e => e.Value(this) is null);
        var failing = BadInputTests.Expectations.Where(e => e.Value(this) is not null).Select(e => e.Key).ToList();
        var delivery = Checks.Delivery(GoodJobs, Records);
        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = "Bad input",
            Sent = GoodJobs.Count + _cases.Count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            ReRuns = Runs.Count - Runs.Select(r => r.JobId).Distinct().Count(), DeadLettered = DeadLetters.Count, WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = $"{GoodJobs.Count} good jobs all succeeded around {_cases.Count} bad messages; {met} of {BadInputTests.Expectations.Count} cases met their defined outcome" + (failing.Count > 0 ? $"; not yet: {string.Join(", ", failing)}" : ""),
        });
    }

    public async Task DisposeAsync()
    {
        if (_stage is not null)
        {
            await _stage.DisposeAsync();
        }
    }

    internal RecordedCompletion? RecordOf(string name) => _cases[name].JobId is { } id ? Records.FirstOrDefault(r => r.JobId == id) : null;

    internal Message? DeadLetterOf(string name) =>
        DeadLetters.FirstOrDefault(m => m.MessageAttributes is { } a && a.TryGetValue(CaseAttribute, out var v) && v.StringValue == name);

    internal async Task<string> ReadTextAsync(string key)
    {
        using var response = await Stage.S3.GetObjectAsync(Stage.Resources.Bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    private static string NewId() => JobId.New().Value;

    private static MessageAttributeValue Text(string value) => new() { DataType = "String", StringValue = value };

    private static JsonObject Ref(string bucket, string key) => new() { ["bucket"] = bucket, ["key"] = key };

    private JsonObject Body(string jobId, string jobType, JsonObject? inputs = null)
    {
        var body = JsonNode.Parse(JobWireFormat.Serialize(new JobMessage
        {
            JobId = JobId.TryParse(jobId, out var id) ? id : JobId.Parse("placeholder"),
            JobType = jobType,
            CreatedAt = DateTimeOffset.UtcNow,
            OutputPrefix = new ObjectReference(Stage.Resources.Bucket, Root + jobId + "/"),
        }))!.AsObject();
        body["jobId"] = jobId;
        if (inputs is not null)
        {
            body["inputs"] = inputs;
        }

        return body;
    }

    private Task SendAsync(string name, string jobId, Action<JsonObject>? edit = null, string jobType = JobTypes.NoOp, Func<string, JsonObject>? inputs = null, Dictionary<string, MessageAttributeValue>? attributes = null)
    {
        var body = Body(jobId, jobType, inputs?.Invoke(jobId));
        edit?.Invoke(body);
        var all = new Dictionary<string, MessageAttributeValue>(StringComparer.Ordinal)
        {
            [MessageAttributeNames.WireVersion] = Text("1"),
            [MessageAttributeNames.BodyKind] = Text(BodyKinds.Job),
        };
        foreach (var (key, value) in attributes ?? [])
        {
            all[key] = value;
        }

        return SendCoreAsync(name, jobId, body.ToJsonString(), all);
    }

    private async Task SendImageAsync(string name, byte[] png)
    {
        var id = NewId();
        var key = Root + id + "/inputs/image.png";
        await Stage.S3.PutObjectAsync(new PutObjectRequest { BucketName = Stage.Resources.Bucket, Key = key, InputStream = new MemoryStream(png), ContentType = "image/png" });
        ImageBytes[name] = png.Length;
        await SendAsync(name, id, b => { }, JobTypes.DecodeImage, _ => new JsonObject { [JobTypes.ImageInput] = Ref(Stage.Resources.Bucket, key) });
    }

    private Task SendRawAsync(string name, string body) => SendCoreAsync(name, null, body, []);

    private async Task SendCoreAsync(string name, string? jobId, string body, Dictionary<string, MessageAttributeValue> attributes)
    {
        attributes[CaseAttribute] = Text(name);
        Exception? refused = null;
        try
        {
            await Stage.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = Stage.Resources.RequestQueueUrl.AbsoluteUri, MessageBody = body, MessageAttributes = attributes });
        }
        catch (Amazon.SQS.AmazonSQSException ex)
        {
            refused = ex;
        }

        _cases[name] = new SentCase(name, jobId, refused);
    }

    private async Task<IReadOnlyList<string>> ListKeysAsync()
    {
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await Stage.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Stage.Resources.Bucket, ContinuationToken = token });
            keys.AddRange((page.S3Objects ?? []).Select(o => o.Key));
            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);
        return keys;
    }
}

/// <summary>A bad-input message as sent: its job id when it has one, and the queue's refusal when it refused it.</summary>
internal sealed record SentCase(string Name, string? JobId, Exception? RefusedBySqs);
