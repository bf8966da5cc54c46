using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Testing.Tests;

public sealed partial class HandlerRunningTests
{
    [Fact]
    public async Task Handler_that_throws_a_transient_error_runs_again_and_succeeds()
    {
        var calls = 0;
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("flaky", _ => new DelegateHandler(async (ctx, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new IOException("transient");
            }

            await ctx.Outputs.WriteAsync("ok.txt", "ok"u8.ToArray(), "text/plain", ct);
        })));

        var completion = await harness.RunAsync(new JobRequest("flaky"));

        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.Equal(2, completion.Attempts);
        Assert.Equal(
            [JobEventType.Queued, JobEventType.Started, JobEventType.Started, JobEventType.Succeeded],
            harness.EventsOf(completion.JobId).Select(e => e.Type));
    }

    [Fact]
    public async Task Handler_that_fails_on_every_attempt_ends_failed_with_handler_failed_after_max_attempts()
    {
        var calls = 0;
        await using var harness = AsyncAiTestHarness.Create(
            w => w.AddJobHandler("broken", _ => new DelegateHandler((_, _) =>
            {
                Interlocked.Increment(ref calls);
                throw new InvalidOperationException("boom");
            })),
            configureOptions: o => o.MaxAttempts = 4);

        var completion = await harness.RunAsync(new JobRequest("broken"));

        Assert.Equal(JobStatus.Failed, completion.Status);
        Assert.Equal(JobErrorCodes.HandlerFailed, completion.Error?.Code);
        // The raw exception text stays out of what reaches clients; the harness keeps each attempt's exception.
        Assert.DoesNotContain("boom", completion.Error?.Message, StringComparison.Ordinal);
        Assert.Equal(4, harness.HandlerErrorsOf(completion.JobId).Count(e => e.Message == "boom"));
        Assert.Equal(4, completion.Attempts);
        Assert.Equal(4, calls);
        Assert.Empty(completion.Outputs);
    }

    [Fact]
    public async Task Non_retryable_error_fails_the_job_at_once_with_its_code()
    {
        var calls = 0;
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("strict", _ => new DelegateHandler((_, _) =>
        {
            Interlocked.Increment(ref calls);
            throw new NonRetryableJobException("quota_exceeded", "No quota left.");
        })));

        var completion = await harness.RunAsync(new JobRequest("strict"));

        Assert.Equal(JobStatus.Failed, completion.Status);
        Assert.Equal(new JobError("quota_exceeded", "No quota left."), completion.Error);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Job_of_a_type_without_handler_is_dead_lettered_without_a_completion_as_by_the_real_worker()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler<UpperCaseHandler>("upper"));

        var published = await harness.PublishAsync(new JobRequest("nobody-handles-this"));
        await harness.WhenIdleAsync();

        var dead = Assert.Single(harness.DeadLettered);
        Assert.Equal(published.JobId, dead.JobId);
        Assert.Contains("nobody-handles-this", dead.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Completions);
    }

    [Fact]
    public async Task Input_named_in_the_request_but_never_stored_fails_with_input_missing()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler<UpperCaseHandler>("upper"));

        var completion = await harness.RunAsync(new JobRequest("upper")
        {
            Inputs = new Dictionary<string, ObjectReference> { ["text"] = new(harness.Bucket, "nowhere/text.txt") },
        });

        Assert.Equal(JobErrorCodes.InputMissing, completion.Error?.Code);
        Assert.Equal(1, completion.Attempts);
    }

    [Fact]
    public async Task Input_not_named_in_the_request_fails_with_input_missing()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler<UpperCaseHandler>("upper"));

        var completion = await harness.RunAsync(new JobRequest("upper"));

        Assert.Equal(JobErrorCodes.InputMissing, completion.Error?.Code);
    }

    [Fact]
    public async Task Typed_parameters_reach_the_handler_through_the_wire_format()
    {
        Resize? seen = null;
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("resize", _ => new DelegateHandler((ctx, _) =>
        {
            seen = ctx.GetParameters(TestJsonContext.Default.Resize);
            return Task.CompletedTask;
        })));

        await harness.RunAsync(new JobRequest("resize") { Parameters = JobParameters.From(new Resize(640, 480), TestJsonContext.Default.Resize) });

        Assert.Equal(new Resize(640, 480), seen);
    }

    [Fact]
    public async Task Parameters_of_the_wrong_shape_fail_with_invalid_parameters()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("resize", _ => new DelegateHandler((ctx, _) =>
        {
            ctx.GetParameters(TestJsonContext.Default.Resize);
            return Task.CompletedTask;
        })));

        var completion = await harness.RunAsync(new JobRequest("resize") { Parameters = JsonDocument.Parse("""{"Width":"wide"}""").RootElement });

        Assert.Equal(JobErrorCodes.InvalidParameters, completion.Error?.Code);
    }

    [Fact]
    public async Task Each_attempt_runs_in_a_new_scope_from_the_harness_services()
    {
        var seen = new List<Guid>();
        await using var harness = AsyncAiTestHarness.Create(
            w => w.AddJobHandler("scoped", sp => new DelegateHandler((ctx, _) =>
            {
                Assert.Same(sp, ctx.Services);
                seen.Add(ctx.Services.GetRequiredService<ScopedThing>().Id);
                return ctx.Attempt == 1 ? throw new IOException("again") : Task.CompletedTask;
            })),
            services => services.AddScoped<ScopedThing>());

        await harness.RunAsync(new JobRequest("scoped"));

        Assert.Equal(2, seen.Count);
        Assert.NotEqual(seen[0], seen[1]);
    }

    [Fact]
    public async Task Outputs_are_reported_with_size_hash_and_location_under_the_job_prefix()
    {
        var bytes = "overlay"u8.ToArray();
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("out", _ => new DelegateHandler(async (ctx, ct) =>
        {
            await ctx.Outputs.WriteAsync("first.bin", new MemoryStream(bytes), "application/octet-stream", ct);
            await ctx.Outputs.WriteAsync("img/overlay.png", bytes, "image/png", ct);
        })));

        var completion = await harness.RunAsync(new JobRequest("out") { Owner = "tenant-1", Metadata = new Dictionary<string, string> { ["k"] = "v" } });

        Assert.Equal(["first.bin", "img/overlay.png"], completion.Outputs.Select(o => o.Name));
        var overlay = completion.FindOutput("img/overlay.png")!;
        Assert.Equal(new ObjectReference(harness.Bucket, $"owner=tenant-1/{completion.JobId}/outputs/img/overlay.png"), overlay.Location);
        Assert.Equal(bytes.Length, overlay.SizeBytes);
        Assert.Equal("image/png", overlay.ContentType);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), overlay.Sha256);
        Assert.Equal(bytes, harness.ReadOutput(overlay));
        Assert.Equal("v", completion.Metadata["k"]);
    }

    [Fact]
    public async Task Output_name_that_escapes_the_job_prefix_fails_the_job()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("evil", _ => new DelegateHandler((ctx, ct) =>
            ctx.Outputs.WriteAsync("../other-job/outputs/x.txt", "x"u8.ToArray(), "text/plain", ct))), configureOptions: o => o.MaxAttempts = 1);

        var completion = await harness.RunAsync(new JobRequest("evil"));

        Assert.Equal(JobStatus.Failed, completion.Status);
        Assert.DoesNotContain(harness.AllEvents, e => e.Type == JobEventType.Succeeded);
    }

    [Fact]
    public async Task Progress_is_reported_as_events_with_fraction_and_note()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("progress", _ => new DelegateHandler(async (ctx, ct) =>
        {
            await ctx.ReportProgressAsync(0.25, "quarter", ct);
            await ctx.ReportProgressAsync(1, null, ct);
        })));

        var completion = await harness.RunAsync(new JobRequest("progress"));

        var progress = harness.EventsOf(completion.JobId).Where(e => e.Type == JobEventType.Progress).ToList();
        Assert.Equal([0.25, 1.0], progress.Select(e => e.Progress!.Value));
        Assert.Equal("quarter", progress[0].Message);
    }

    [Fact]
    public async Task Progress_outside_zero_to_one_is_a_handler_error_as_on_a_real_worker()
    {
        await using var harness = AsyncAiTestHarness.Create(
            w => w.AddJobHandler("progress", _ => new DelegateHandler(async (ctx, ct) => await ctx.ReportProgressAsync(1.5, null, ct))),
            configureOptions: o => o.MaxAttempts = 1);

        var completion = await harness.RunAsync(new JobRequest("progress"));

        Assert.Equal(JobErrorCodes.HandlerFailed, completion.Error?.Code);
        Assert.IsType<ArgumentOutOfRangeException>(Assert.Single(harness.HandlerErrorsOf(completion.JobId)));
    }

    [Fact]
    public async Task Writing_one_output_name_twice_is_a_handler_error()
    {
        await using var harness = AsyncAiTestHarness.Create(
            w => w.AddJobHandler("twice", _ => new DelegateHandler(async (ctx, ct) =>
            {
                await ctx.Outputs.WriteAsync("a.txt", "1"u8.ToArray(), "text/plain", ct);
                await ctx.Outputs.WriteAsync("a.txt", "2"u8.ToArray(), "text/plain", ct);
            })),
            configureOptions: o => o.MaxAttempts = 1);

        var completion = await harness.RunAsync(new JobRequest("twice"));

        Assert.Equal(JobStatus.Failed, completion.Status);
        Assert.Contains("already written", Assert.Single(harness.HandlerErrorsOf(completion.JobId)).Message, StringComparison.Ordinal);
    }

    public sealed record Resize(int Width, int Height);

    [JsonSerializable(typeof(Resize))]
    internal sealed partial class TestJsonContext : JsonSerializerContext;

    private sealed class ScopedThing
    {
        public Guid Id { get; } = Guid.NewGuid();
    }
}
