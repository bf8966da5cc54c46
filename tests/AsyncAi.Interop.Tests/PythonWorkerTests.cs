using System.Security.Cryptography;

namespace AsyncAi.Interop.Tests;

/// <summary>A .NET backend with AsyncAi.Client and the Python reference worker (samples/python-worker) on one pair of queues.</summary>
public sealed class PythonWorkerTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_job_published_with_AsyncAi_Client_is_completed_by_the_Python_worker_and_the_client_reads_its_outputs()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        var client = await env.StartClientAsync();
        await env.StartPythonWorkerAsync();
        var id = JobId.New();
        var inputKey = $"jobs/{id}/inputs/text";
        await env.PutAsync(inputKey, "hello, wire");

        var job = await client.Services.GetRequiredService<IJobPublisher>().PublishAsync(new JobRequest("reverse")
        {
            JobId = id,
            Inputs = new Dictionary<string, ObjectReference> { ["text"] = new(env.Bucket, inputKey) },
            Parameters = JobParameters.From(new { upper = true }),
            Metadata = new Dictionary<string, string> { ["requestedBy"] = "interop" },
        });
        using var timeout = new CancellationTokenSource(Wait);
        var completion = await client.Services.GetRequiredService<IJobEvents>().WaitForCompletionAsync(job.JobId, timeout.Token);

        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.Equal(1, completion.Attempts);
        Assert.Equal("interop", completion.Metadata["requestedBy"]);
        Assert.True(completion.Timings.RunTime >= TimeSpan.Zero);
        var reversed = completion.FindOutput("reversed.txt")!;
        var content = await env.GetBytesAsync(reversed.Location);
        Assert.Equal("eriw ,olleh", Encoding.UTF8.GetString(content));
        Assert.Equal(content.Length, reversed.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), reversed.Sha256);
        Assert.Equal($"jobs/{id}/outputs/reversed.txt", reversed.Location.Key);
        Assert.NotNull(completion.FindOutput("result.json"));

        var record = await env.TryGetAsync($"jobs/{id}/_completion.json");
        WireSchemaValidator.AssertValid("completion-record.schema.json", record!);
    }

    [Fact]
    public async Task An_owners_job_run_by_the_Python_worker_reports_events_and_a_completion_that_carry_the_owner()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        var client = await env.StartClientAsync();
        await env.StartPythonWorkerAsync();
        var id = JobId.New();
        var inputKey = $"jobs/owner=tenant-7/{id}/inputs/text";
        await env.PutAsync(inputKey, "owned");
        var events = client.Services.GetRequiredService<IJobEvents>();

        using var timeout = new CancellationTokenSource(Wait);
        var watching = CollectAsync(events.WatchAsync(id, "tenant-7", timeout.Token));
        var job = await client.Services.GetRequiredService<IJobPublisher>().PublishAsync(new JobRequest("reverse")
        {
            JobId = id,
            Owner = "tenant-7",
            Inputs = new Dictionary<string, ObjectReference> { ["text"] = new(env.Bucket, inputKey) },
        });
        var seen = await watching;

        Assert.Equal("tenant-7", job.Owner);
        // A Started that lands after the Progress it precedes is stale for a watcher, so either shows the run began.
        Assert.Contains(seen, e => e.Type is JobEventType.Started or JobEventType.Progress);
        Assert.All(seen, e => Assert.Equal("tenant-7", e.Owner));
        var completion = seen[^1].Completion!;
        Assert.Equal((JobStatus.Succeeded, "tenant-7"), (completion.Status, completion.Owner));
        Assert.Equal($"jobs/owner=tenant-7/{id}/outputs/reversed.txt", completion.FindOutput("reversed.txt")!.Location.Key);
        var record = await env.TryGetAsync($"jobs/owner=tenant-7/{id}/_completion.json");
        WireSchemaValidator.AssertValid("completion-record.schema.json", record!);
        using (var document = System.Text.Json.JsonDocument.Parse(record!))
        {
            Assert.Equal("tenant-7", document.RootElement.GetProperty("owner").GetString());
        }

        // The same id without the owner names another job, of which nothing is known.
        Assert.Null(await client.Services.GetRequiredService<IJobStatusStore>().GetAsync(id));
    }

    [Fact]
    public async Task The_Python_worker_ends_jobs_as_failed_cancelled_or_expired_as_the_specification_says()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        var client = await env.StartClientAsync();
        var publisher = client.Services.GetRequiredService<IJobPublisher>();
        var events = client.Services.GetRequiredService<IJobEvents>();

        var rejected = await publisher.PublishAsync(new JobRequest("reject"));
        var cancelledEarly = await publisher.PublishAsync(new JobRequest("sleep") { Parameters = JobParameters.From(new { seconds = 30 }) });
        await publisher.CancelAsync(cancelledEarly.JobId);
        var expired = await publisher.PublishAsync(new JobRequest("sleep") { Deadline = DateTimeOffset.UtcNow.AddSeconds(1), Parameters = JobParameters.From(new { seconds = 1 }) });
        var flaky = await publisher.PublishAsync(new JobRequest("flaky") { Parameters = JobParameters.From(new { succeedOn = 2 }) });
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var python = await env.StartPythonWorkerAsync();
        var cancelledWhileRunning = await publisher.PublishAsync(new JobRequest("sleep") { Parameters = JobParameters.From(new { seconds = 60 }) });

        using var timeout = new CancellationTokenSource(Wait);
        await WaitForStartAsync(events, cancelledWhileRunning.JobId, timeout.Token);
        await publisher.CancelAsync(cancelledWhileRunning.JobId);

        var failed = await events.WaitForCompletionAsync(rejected.JobId, timeout.Token);
        Assert.Equal(JobStatus.Failed, failed.Status);
        Assert.Equal(JobErrorCodes.InvalidParameters, failed.Error?.Code);
        Assert.Equal("width must be positive", failed.Error?.Message);
        Assert.Empty(failed.Outputs);

        var early = await events.WaitForCompletionAsync(cancelledEarly.JobId, timeout.Token);
        Assert.Equal(JobStatus.Cancelled, early.Status);
        Assert.Equal(JobErrorCodes.Cancelled, early.Error?.Code);

        var late = await events.WaitForCompletionAsync(expired.JobId, timeout.Token);
        Assert.Equal(JobStatus.Expired, late.Status);
        Assert.Equal(JobErrorCodes.DeadlineExceeded, late.Error?.Code);

        var retried = await events.WaitForCompletionAsync(flaky.JobId, timeout.Token);
        Assert.True(JobStatus.Succeeded == retried.Status, python.Output);
        Assert.Equal(2, retried.Attempts);

        var running = await events.WaitForCompletionAsync(cancelledWhileRunning.JobId, timeout.Token);
        Assert.Equal(JobStatus.Cancelled, running.Status);
        // The cancel itself records the job as cancelled; the worker that was running it reports that record.
        Assert.Equal(JobErrorCodes.Cancelled, running.Error?.Code);
    }

    [Fact]
    public async Task The_Python_worker_keeps_a_job_three_times_longer_than_the_visibility_timeout_and_runs_it_once()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        var client = await env.StartClientAsync();
        await env.StartPythonWorkerAsync();

        // The Python worker's visibility timeout is 3 s (InteropEnvironment.PythonSettings).
        var job = await client.Services.GetRequiredService<IJobPublisher>().PublishAsync(new JobRequest("sleep") { Parameters = JobParameters.From(new { seconds = 9 }) });
        using var timeout = new CancellationTokenSource(Wait);
        var completion = await client.Services.GetRequiredService<IJobEvents>().WaitForCompletionAsync(job.JobId, timeout.Token);

        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.Equal(1, completion.Attempts);
        Assert.True(completion.Timings.RunTime >= TimeSpan.FromSeconds(9));
    }

    [Fact]
    public async Task The_Python_worker_dead_letters_the_bad_messages_the_specification_names_and_still_runs_the_next_job()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        var client = await env.StartClientAsync();
        var python = await env.StartPythonWorkerAsync();
        await BadMessages.SendAllAsync(env);
        var good = await client.Services.GetRequiredService<IJobPublisher>().PublishAsync(new JobRequest("flaky") { Parameters = JobParameters.From(new { succeedOn = 1 }) });

        using var timeout = new CancellationTokenSource(Wait);
        var completion = await client.Services.GetRequiredService<IJobEvents>().WaitForCompletionAsync(good.JobId, timeout.Token);
        var deadLetters = await env.DrainAsync(env.DeadLetterQueueUrl, BadMessages.Count, Wait);

        Assert.Equal(JobStatus.Succeeded, completion.Status);
        BadMessages.AssertAllDeadLettered(deadLetters, python.Output);
    }

    [Fact]
    public async Task The_Python_worker_runs_jobs_without_attributes_with_unknown_fields_and_other_timestamp_spellings()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        var client = await env.StartClientAsync();
        var python = await env.StartPythonWorkerAsync();

        var ids = await TolerableMessages.SendAllAsync(env, "flaky");

        using var timeout = new CancellationTokenSource(Wait);
        foreach (var id in ids)
        {
            var completion = await client.Services.GetRequiredService<IJobEvents>().WaitForCompletionAsync(id, timeout.Token);
            Assert.True(completion.Status == JobStatus.Succeeded, python.Output);
        }
    }

    [Fact]
    public async Task The_Python_worker_dead_letters_every_forged_message_with_the_same_reason_as_the_AsyncAi_worker_and_touches_nothing()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        var python = await env.StartPythonWorkerAsync();

        await ForgedMessageRun.RunAndAssertAsync(env, () => python.Output);
    }

    [Fact]
    public async Task The_Python_worker_does_not_start_without_a_bucket_and_says_which_setting_is_missing()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        var python = await env.LaunchPythonWorkerAsync(new Dictionary<string, string> { ["ASYNCAI_BUCKET"] = "" });

        var exitCode = await python.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 2, python.Output);
        Assert.Contains("ASYNCAI_BUCKET is required", python.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("asyncai python worker ready", python.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_Python_worker_reads_inputs_under_an_allowed_prefix_and_dead_letters_one_outside_it()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        var client = await env.StartClientAsync(o => o.AllowedInputPrefixes.Add($"s3://{env.Bucket}/shared/"));
        var python = await env.StartPythonWorkerAsync(new Dictionary<string, string> { ["ASYNCAI_ALLOWED_INPUT_PREFIXES"] = $"s3://{env.Bucket}/shared/" });
        await env.PutAsync("shared/text", "shared sample");
        await env.PutAsync("unshared/text", "not for jobs");

        var job = await client.Services.GetRequiredService<IJobPublisher>().PublishAsync(new JobRequest("reverse")
        {
            Inputs = new Dictionary<string, ObjectReference> { ["text"] = new(env.Bucket, "shared/text") },
        });
        var forged = JobId.New();
        await env.SendRawAsync(env.RequestQueueUrl, $$$$"""{"v":1,"jobId":"{{{{forged}}}}","jobType":"reverse","createdAt":"2026-12-01T12:00:00Z","outputPrefix":{"bucket":"{{{{env.Bucket}}}}","key":"jobs/{{{{forged}}}}/"},"inputs":{"text":{"bucket":"{{{{env.Bucket}}}}","key":"unshared/text"}}}""");
        using var timeout = new CancellationTokenSource(Wait);
        var completion = await client.Services.GetRequiredService<IJobEvents>().WaitForCompletionAsync(job.JobId, timeout.Token);
        var deadLetters = await env.DrainAsync(env.DeadLetterQueueUrl, 1, Wait);

        Assert.True(completion.Status == JobStatus.Succeeded, python.Output);
        Assert.Equal("elpmas derahs", Encoding.UTF8.GetString(await env.GetBytesAsync(completion.FindOutput("reversed.txt")!.Location)));
        var reason = Assert.Single(deadLetters).MessageAttributes[WireFormat.MessageAttributeNames.DeadLetterReason].StringValue;
        Assert.Contains($"The input 'text' at s3://{env.Bucket}/unshared/text lies outside s3://{env.Bucket}/jobs/", reason, StringComparison.Ordinal);
        Assert.Null(await env.TryGetAsync($"jobs/{forged}/_completion.json"));
    }

    [Fact]
    public async Task The_Python_worker_runs_a_claim_checked_job_of_its_own_folder_and_deletes_the_body()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        var client = await env.StartClientAsync(o => o.MaxMessageBytes = 1024);
        var python = await env.StartPythonWorkerAsync();

        var job = await client.Services.GetRequiredService<IJobPublisher>().PublishAsync(new JobRequest("flaky")
        {
            Parameters = JobParameters.From(new { succeedOn = 1, padding = new string('p', 4096) }),
        });
        using var timeout = new CancellationTokenSource(Wait);
        var completion = await client.Services.GetRequiredService<IJobEvents>().WaitForCompletionAsync(job.JobId, timeout.Token);

        Assert.True(completion.Status == JobStatus.Succeeded, python.Output);

        // The body is deleted after the completion is reported (and the message deleted), so it may take a moment.
        var body = $"jobs/{job.JobId}/{JobStorageLayout.RequestObject}";
        while (await env.TryGetAsync(body) is not null)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    [Fact]
    public async Task The_Python_worker_reports_a_handler_failure_with_a_stable_code_and_never_the_exception_text()
    {
        await using var env = await InteropEnvironment.CreateAsync(Fixture);
        var client = await env.StartClientAsync();
        var python = await env.StartPythonWorkerAsync();

        // flaky raises RuntimeError("attempt N fails on purpose") until attempt 99; the worker gives a job 3 attempts.
        var job = await client.Services.GetRequiredService<IJobPublisher>().PublishAsync(new JobRequest("flaky") { Parameters = JobParameters.From(new { succeedOn = 99 }) });
        using var timeout = new CancellationTokenSource(Wait);
        var completion = await client.Services.GetRequiredService<IJobEvents>().WaitForCompletionAsync(job.JobId, timeout.Token);

        Assert.True(completion.Status == JobStatus.Failed, python.Output);
        Assert.Equal((JobErrorCodes.HandlerFailed, "The job failed on all 3 attempts."), (completion.Error?.Code, completion.Error?.Message));
        var record = await env.TryGetAsync($"jobs/{job.JobId}/_completion.json");
        Assert.DoesNotContain("fails on purpose", record!, StringComparison.Ordinal);
        Assert.Contains("fails on purpose", python.Output, StringComparison.Ordinal); // the log keeps it
    }

    private static async Task<List<JobEvent>> CollectAsync(IAsyncEnumerable<JobEvent> events)
    {
        var seen = new List<JobEvent>();
        await foreach (var jobEvent in events)
        {
            seen.Add(jobEvent);
        }

        return seen;
    }

    private static async Task WaitForStartAsync(IJobEvents events, JobId id, CancellationToken cancellationToken)
    {
        await foreach (var jobEvent in events.WatchAsync(id, cancellationToken))
        {
            if (jobEvent.Type is JobEventType.Started or JobEventType.Progress || jobEvent.IsTerminal)
            {
                return;
            }
        }
    }
}
