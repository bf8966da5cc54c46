using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AsyncAi.Testing.Tests;

public sealed class CancellationAndDeadlineTests
{
    [Fact]
    public async Task Job_cancelled_before_it_starts_ends_cancelled_without_running_the_handler()
    {
        var ran = false;
        await using var harness = AsyncAiTestHarness.Create(
            w => w.AddJobHandler("job", _ => new DelegateHandler((_, _) =>
            {
                ran = true;
                return Task.CompletedTask;
            })),
            configureOptions: o => o.RunJobsAutomatically = false);

        var published = await harness.PublishAsync(new JobRequest("job"));
        await harness.Publisher.CancelAsync(published.JobId);
        await harness.RunPendingJobsAsync();
        var completion = await harness.WaitForCompletionAsync(published.JobId);

        Assert.Equal(JobStatus.Cancelled, completion.Status);
        Assert.Equal(0, completion.Attempts);
        Assert.False(ran);
    }

    [Fact]
    public async Task Job_cancelled_while_running_sees_its_token_fire_and_ends_cancelled()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("long", _ => new DelegateHandler(async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
        })));

        var published = await harness.PublishAsync(new JobRequest("long"));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await harness.Publisher.CancelAsync(published.JobId);
        var completion = await harness.WaitForCompletionAsync(published.JobId);

        Assert.Equal(JobStatus.Cancelled, completion.Status);
        Assert.Equal(JobErrorCodes.Cancelled, completion.Error?.Code);
    }

    [Fact]
    public async Task Cancel_naming_another_owner_leaves_the_job_alone()
    {
        await using var harness = AsyncAiTestHarness.Create(
            w => w.AddJobHandler("job", _ => new DelegateHandler((_, _) => Task.CompletedTask)),
            configureOptions: o => o.RunJobsAutomatically = false);

        var published = await harness.PublishAsync(new JobRequest("job") { Owner = "alice" });
        await harness.Publisher.CancelAsync(published.JobId, owner: "mallory");
        await harness.RunPendingJobsAsync();

        Assert.Equal(JobStatus.Succeeded, (await harness.WaitForCompletionAsync(published.JobId, published.Owner)).Status);
    }

    [Fact]
    public async Task Cancel_after_the_job_finished_changes_nothing()
    {
        await using var harness = AsyncAiTestHarness.Create(w => w.AddJobHandler("job", _ => new DelegateHandler((_, _) => Task.CompletedTask)));

        var completion = await harness.RunAsync(new JobRequest("job"));
        await harness.Publisher.CancelAsync(completion.JobId);
        await harness.WhenIdleAsync();

        Assert.Equal(JobEventType.Succeeded, harness.EventsOf(completion.JobId)[^1].Type);
    }

    [Fact]
    public async Task Job_whose_deadline_passed_before_it_started_expires_without_running()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var ran = false;
        await using var harness = AsyncAiTestHarness.Create(
            w => w.AddJobHandler("job", _ => new DelegateHandler((_, _) =>
            {
                ran = true;
                return Task.CompletedTask;
            })),
            services => services.AddSingleton<TimeProvider>(clock),
            o => o.RunJobsAutomatically = false);

        var published = await harness.PublishAsync(new JobRequest("job") { Deadline = clock.GetUtcNow().AddMinutes(5) });
        clock.Advance(TimeSpan.FromMinutes(6));
        await harness.RunPendingJobsAsync();
        var completion = await harness.WaitForCompletionAsync(published.JobId);

        Assert.Equal(JobStatus.Expired, completion.Status);
        Assert.Equal(JobErrorCodes.DeadlineExceeded, completion.Error?.Code);
        Assert.False(ran);
    }

    [Fact]
    public async Task Job_running_past_its_deadline_is_cancelled_and_expires()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var harness = AsyncAiTestHarness.Create(
            w => w.AddJobHandler("long", _ => new DelegateHandler(async (_, ct) =>
            {
                started.SetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            })),
            services => services.AddSingleton<TimeProvider>(clock));

        var published = await harness.PublishAsync(new JobRequest("long") { Deadline = clock.GetUtcNow().AddMinutes(1) });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromMinutes(2));
        var completion = await harness.WaitForCompletionAsync(published.JobId);

        Assert.Equal(JobStatus.Expired, completion.Status);
    }

    [Fact]
    public async Task Handler_that_never_ends_makes_run_throw_timeout_instead_of_hanging()
    {
        await using var harness = AsyncAiTestHarness.Create(
            w => w.AddJobHandler("stuck", _ => new DelegateHandler((_, ct) => Task.Delay(Timeout.InfiniteTimeSpan, ct))),
            configureOptions: o => o.WaitTimeout = TimeSpan.FromSeconds(2)); // long enough for the job to start on a loaded machine

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => harness.RunAsync(new JobRequest("stuck")));

        Assert.Contains("Started", ex.Message, StringComparison.Ordinal);
    }
}
