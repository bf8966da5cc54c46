namespace AsyncAi.Worker.Tests.Configuration;

/// <summary>
/// AddAsyncAiClient and AddAsyncAiWorker take their configuration the same way (docs/configuration.md, "How settings
/// are read"): a configuration root means the role's default section under it, a section is the role's section.
/// </summary>
public sealed class RoleSectionConventionTests
{
    private static readonly IConfigurationRoot Root = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AsyncAi:Client:RequestQueueUrl"] = "https://sqs/client-requests",
        ["AsyncAi:Client:Bucket"] = "client-bucket",
        ["AsyncAi:Worker:RequestQueueUrl"] = "https://sqs/worker-requests",
        ["AsyncAi:Worker:ResponseQueueUrl"] = "https://sqs/worker-responses",
        ["AsyncAi:Worker:Bucket"] = "worker-bucket",
        ["Apps:Backend:RequestQueueUrl"] = "https://sqs/backend-requests",
        ["Apps:Backend:Bucket"] = "backend-bucket",
        ["Apps:Gpu:RequestQueueUrl"] = "https://sqs/gpu-requests",
        ["Apps:Gpu:ResponseQueueUrl"] = "https://sqs/gpu-responses",
        ["Apps:Gpu:Bucket"] = "gpu-bucket",
    }).Build();

    [Fact]
    public void Given_the_configuration_root_both_roles_bind_their_default_section()
    {
        Assert.Equal("AsyncAi:Client", AsyncAiClientOptions.DefaultSectionName);
        Assert.Equal("AsyncAi:Worker", AsyncAiWorkerOptions.DefaultSectionName);

        Assert.Equal(new Uri("https://sqs/client-requests"), ClientOptions(Root).RequestQueueUrl);
        Assert.Equal(new Uri("https://sqs/worker-requests"), WorkerOptions(Root).RequestQueueUrl);
    }

    [Fact]
    public void Given_their_default_section_both_roles_bind_it_as_from_the_root()
    {
        Assert.Equal(new Uri("https://sqs/client-requests"), ClientOptions(Root.GetSection(AsyncAiClientOptions.DefaultSectionName)).RequestQueueUrl);
        Assert.Equal(new Uri("https://sqs/worker-requests"), WorkerOptions(Root.GetSection(AsyncAiWorkerOptions.DefaultSectionName)).RequestQueueUrl);
    }

    [Fact]
    public void Given_a_section_of_another_name_both_roles_bind_that_section()
    {
        Assert.Equal(new Uri("https://sqs/backend-requests"), ClientOptions(Root.GetSection("Apps:Backend")).RequestQueueUrl);
        Assert.Equal(new Uri("https://sqs/gpu-requests"), WorkerOptions(Root.GetSection("Apps:Gpu")).RequestQueueUrl);
    }

    [Fact]
    public void Given_a_root_without_their_section_both_roles_name_the_missing_settings_under_the_default_section()
    {
        var empty = new ConfigurationBuilder().Build();

        var client = Assert.Throws<OptionsValidationException>(() => ClientOptions(empty));
        var worker = Assert.Throws<OptionsValidationException>(() => WorkerOptions(empty));

        Assert.Contains(client.Failures, f => f.StartsWith("AsyncAi:Client:RequestQueueUrl = (not set): is required", StringComparison.Ordinal));
        Assert.Contains(worker.Failures, f => f.StartsWith("AsyncAi:Worker:RequestQueueUrl = (not set): is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_an_empty_section_both_roles_name_the_missing_settings_under_it()
    {
        var client = Assert.Throws<OptionsValidationException>(() => ClientOptions(Root.GetSection("Apps:Missing")));
        var worker = Assert.Throws<OptionsValidationException>(() => WorkerOptions(Root.GetSection("Apps:Missing")));

        Assert.Contains(client.Failures, f => f.StartsWith("Apps:Missing:RequestQueueUrl = (not set): is required", StringComparison.Ordinal));
        Assert.Contains(worker.Failures, f => f.StartsWith("Apps:Missing:RequestQueueUrl = (not set): is required", StringComparison.Ordinal));
    }

    private static AsyncAiClientOptions ClientOptions(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddAsyncAiClient(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AsyncAiClientOptions>>().Value;
    }

    private static AsyncAiWorkerOptions WorkerOptions(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddAsyncAiWorker(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AsyncAiWorkerOptions>>().Value;
    }
}
