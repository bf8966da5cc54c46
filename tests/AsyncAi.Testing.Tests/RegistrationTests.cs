using Moq;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AsyncAi.Testing.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public void Add_in_memory_replaces_publisher_events_status_and_result_store_registered_before()
    {
        var services = new ServiceCollection();
        services.AddSingleton(Mock.Of<IJobPublisher>());
        services.AddSingleton(Mock.Of<IJobEvents>());
        services.AddSingleton(Mock.Of<IResultStore>());
        services.AddSingleton(Mock.Of<IJobStatusStore>());

        services.AddAsyncAiInMemory();
        using var provider = services.BuildServiceProvider();
        var harness = provider.GetRequiredService<AsyncAiTestHarness>();

        Assert.Same(harness.Publisher, Assert.Single(provider.GetServices<IJobPublisher>()));
        Assert.Same(harness.Events, Assert.Single(provider.GetServices<IJobEvents>()));
        Assert.Same(harness.Results, Assert.Single(provider.GetServices<IResultStore>()));
        Assert.Same(harness.Events, Assert.Single(provider.GetServices<IJobStatusStore>()));
    }

    [Fact]
    public async Task Handlers_registered_through_a_second_call_are_run_by_the_same_harness()
    {
        var services = new ServiceCollection();
        services.AddAsyncAiInMemory().AddJobHandler<UpperCaseHandler>("upper");
        services.AddAsyncAiInMemory().AddJobHandler("noop", _ => new DelegateHandler((_, _) => Task.CompletedTask));
        await using var provider = services.BuildServiceProvider();
        var harness = provider.GetRequiredService<AsyncAiTestHarness>();

        var completion = await harness.RunAsync(new JobRequest("noop"));

        Assert.Equal(JobStatus.Succeeded, completion.Status);
    }

    [Fact]
    public void Registering_two_handlers_for_one_job_type_fails_at_registration()
    {
        var builder = new ServiceCollection().AddAsyncAiInMemory().AddJobHandler<UpperCaseHandler>("upper");

        var ex = Assert.Throws<InvalidOperationException>(() => builder.AddJobHandler<UpperCaseHandler>("upper"));
        Assert.Contains("upper", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_are_all_reported_at_once_by_name()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => AsyncAiTestHarness.Create(
            _ => { },
            configureOptions: o =>
            {
                o.Bucket = "";
                o.RootPrefix = "no-slash";
                o.MaxAttempts = 0;
                o.WaitTimeout = TimeSpan.Zero;
            }));

        Assert.Contains(ex.Failures, f => f.Contains(nameof(AsyncAiInMemoryOptions.Bucket), StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains(nameof(AsyncAiInMemoryOptions.RootPrefix), StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains(nameof(AsyncAiInMemoryOptions.MaxAttempts), StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains(nameof(AsyncAiInMemoryOptions.WaitTimeout), StringComparison.Ordinal));
    }

    [Fact]
    public void Option_errors_read_setting_value_rule()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => AsyncAiTestHarness.Create(
            _ => { },
            configureOptions: o =>
            {
                o.RootPrefix = "no-slash";
                o.MaxAttempts = 0;
            }));

        Assert.Equal(["RootPrefix = 'no-slash': must be empty or end in '/'", "MaxAttempts = 0: must be at least 1"], ex.Failures);
    }
}
