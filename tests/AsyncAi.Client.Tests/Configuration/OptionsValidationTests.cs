namespace AsyncAi.Client.Tests.Configuration;

public sealed class OptionsValidationTests
{
    [Fact]
    public async Task Invalid_options_fail_at_start_naming_every_bad_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AsyncAi:Client:Bucket"] = "Not_A_Bucket",
            ["AsyncAi:Client:RootPrefix"] = "jobs",
            ["AsyncAi:Client:ListenerMaxMessages"] = "50",
            ["AsyncAi:Client:DefaultUploadExpiry"] = "8.00:00:00",
        }).Build();
        var error = await TestHosts.StartFailsValidationAsync(services => services.AddAsyncAiClient(configuration));

        Assert.Contains("AsyncAi:Client:RequestQueueUrl = (not set): is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("AsyncAi:Client:Bucket", error.Message, StringComparison.Ordinal);
        Assert.Contains("AsyncAi:Client:RootPrefix", error.Message, StringComparison.Ordinal);
        Assert.Contains("AsyncAi:Client:ListenerMaxMessages", error.Message, StringComparison.Ordinal);
        Assert.Contains("AsyncAi:Client:DefaultUploadExpiry", error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Failures.Count());
    }

    [Fact]
    public void Errors_read_path_value_rule_with_the_SQS_limits_as_bounds()
    {
        var options = new AsyncAiClientOptions
        {
            RequestQueueUrl = new Uri("http://127.0.0.1:1/000000000000/q"),
            Bucket = "jobs",
            ListenerMaxMessages = 50,
            MaxMessageBytes = 2 * 1024 * 1024,
        };

        var failures = new AsyncAiClientOptionsValidator(new ClientOptionsSection("AsyncAi:Client")).Validate(null, options).Failures!.ToList();

        Assert.Equal(
            ["AsyncAi:Client:MaxMessageBytes = 2097152: must be between 1024 and 1048576 (the SQS message size limit)", "AsyncAi:Client:ListenerMaxMessages = 50: must be between 1 and 10 (the most one SQS receive returns)"],
            failures);
    }

    [Fact]
    public async Task Errors_name_the_section_the_options_were_bound_from()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Jobs:Producer:RequestQueueUrl"] = "http://127.0.0.1:1/000000000000/q",
        }).Build();
        var error = await TestHosts.StartFailsValidationAsync(services => services.AddAsyncAiClient(configuration.GetSection("Jobs:Producer")));

        Assert.Contains("Jobs:Producer:Bucket = (not set): is required", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("RequestQueueUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_bind_from_configuration_with_durations_and_nested_aws_settings()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AsyncAi:Client:RequestQueueUrl"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/jobs",
            ["AsyncAi:Client:Bucket"] = "my-bucket",
            ["AsyncAi:Client:StatusStore"] = "S3",
            ["AsyncAi:Client:StatusPollInterval"] = "00:00:02",
            ["AsyncAi:Client:Aws:Region"] = "eu-west-1",
        }).Build();
        using var host = TestHosts.Build(services => services.AddAsyncAiClient(configuration, o => o.RootPrefix = "ai/"));

        var options = host.Services.GetRequiredService<IOptions<AsyncAiClientOptions>>().Value;

        Assert.Equal("my-bucket", options.Bucket);
        Assert.Equal(JobStatusStoreKind.S3, options.StatusStore);
        Assert.Equal(TimeSpan.FromSeconds(2), options.StatusPollInterval);
        Assert.Equal("eu-west-1", options.Aws.Region);
        Assert.Equal("ai/", options.RootPrefix);
    }
}
