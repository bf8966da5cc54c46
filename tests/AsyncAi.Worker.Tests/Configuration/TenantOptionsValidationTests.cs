namespace AsyncAi.Worker.Tests.Configuration;

/// <summary>The tenant limit settings are checked at start like every other, each error naming its setting.</summary>
public sealed class TenantOptionsValidationTests
{
    [Fact]
    public void Bad_tenant_limit_settings_are_each_named()
    {
        var options = Valid();
        options.MaxJobsPerTenant = 99;
        options.TenantReleaseDelay = TimeSpan.FromMilliseconds(1500);
        options.TenantReleaseMaxDelay = TimeSpan.FromMilliseconds(500);

        var failures = new AsyncAiWorkerOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("AsyncAi:Worker:MaxJobsPerTenant = 99: must be between 0 and 8", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("AsyncAi:Worker:TenantReleaseDelay = 00:00:01.5000000: must be a whole number of seconds", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("AsyncAi:Worker:TenantReleaseMaxDelay ", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_leave_tenants_unlimited_and_pass()
    {
        var options = Valid();

        Assert.Equal(0, options.MaxJobsPerTenant);
        Assert.True(new AsyncAiWorkerOptionsValidator().Validate(null, options).Succeeded);
    }

    private static AsyncAiWorkerOptions Valid() => new()
    {
        RequestQueueUrl = new Uri("https://sqs/requests"),
        ResponseQueueUrl = new Uri("https://sqs/responses"),
        Bucket = "bucket",
        Concurrency = 8,
    };
}
