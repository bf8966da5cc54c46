namespace AsyncAi.Worker.Tests.Configuration;

public sealed class AsyncAiWorkerOptionsTests
{
    [Fact]
    public void Every_bad_setting_is_named_in_one_error()
    {
        var options = new AsyncAiWorkerOptions
        {
            Concurrency = 0,
            VisibilityTimeout = TimeSpan.Zero,
            MaxAttempts = 0,
            ReceiveWaitTime = TimeSpan.FromSeconds(30),
            UploadMode = OutputUploadMode.PresignedUrls,
            PresignedUploads = new PresignedUploadOptions { Token = "too-short" },
            Webhook = new WebhookOptions { Url = new Uri("https://hooks.example.com/x"), Secret = "not base64 !" },
            ResponseQueueUrl = new Uri("https://sqs/responses"),
        };

        var result = new AsyncAiWorkerOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var text = result.FailureMessage;
        foreach (var setting in new[] { "RequestQueueUrl", "Bucket = (not set): is required", "exactly one completion channel", "Webhook:Secret", "Concurrency", "VisibilityTimeout", "MaxAttempts", "ReceiveWaitTime", "PresignedUploads:Endpoint", "PresignedUploads:Token" })
        {
            Assert.Contains(setting, text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("http://hooks.example.com/x", false)]
    [InlineData("https://hooks.example.com/x", true)]
    [InlineData("http://127.0.0.1:5000/x", true)]
    [InlineData("http://localhost:5000/x", true)]
    [InlineData("http://[::1]:5000/x", true)]
    public void Webhook_and_upload_endpoints_must_be_https_unless_loopback(string url, bool valid)
    {
        var secret = "whsec_" + Convert.ToBase64String(new byte[24]);
        var webhook = new AsyncAiWorkerOptions { RequestQueueUrl = new Uri("https://sqs/requests"), Bucket = "jobs", Webhook = new WebhookOptions { Url = new Uri(url), Secret = secret } };
        var uploads = new AsyncAiWorkerOptions
        {
            RequestQueueUrl = new Uri("https://sqs/requests"), Bucket = "jobs",
            ResponseQueueUrl = new Uri("https://sqs/responses"),
            UploadMode = OutputUploadMode.PresignedUrls,
            PresignedUploads = new PresignedUploadOptions { Endpoint = new Uri(url) },
        };

        Assert.Equal(valid, new AsyncAiWorkerOptionsValidator().Validate(null, webhook).Succeeded);
        Assert.Equal(valid, new AsyncAiWorkerOptionsValidator().Validate(null, uploads).Succeeded);
    }

    [Theory]
    [InlineData(16, false)]
    [InlineData(23, false)]
    [InlineData(24, true)]
    public void Webhook_secrets_hold_at_least_24_bytes(int bytes, bool valid)
    {
        var options = new AsyncAiWorkerOptions
        {
            RequestQueueUrl = new Uri("https://sqs/requests"), Bucket = "jobs",
            Webhook = new WebhookOptions { Url = new Uri("https://hooks.example.com/x"), Secret = "whsec_" + Convert.ToBase64String(new byte[bytes]) },
        };

        var result = new AsyncAiWorkerOptionsValidator().Validate(null, options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("at least 24 bytes", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Valid_settings_pass()
    {
        var options = new AsyncAiWorkerOptions { RequestQueueUrl = new Uri("https://sqs/requests"), Bucket = "jobs", ResponseQueueUrl = new Uri("https://sqs/responses") };
        Assert.True(new AsyncAiWorkerOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void Options_bind_from_configuration_with_durations_as_timespans()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AsyncAi:Worker:RequestQueueUrl"] = "https://sqs/requests",
            ["AsyncAi:Worker:Bucket"] = "jobs",
            ["AsyncAi:Worker:Webhook:Url"] = "https://hooks.example.com/asyncai",
            ["AsyncAi:Worker:Webhook:Secret"] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            ["AsyncAi:Worker:Concurrency"] = "12",
            ["AsyncAi:Worker:VisibilityTimeout"] = "00:01:30",
            ["AsyncAi:Worker:UploadMode"] = "DirectS3",
            ["AsyncAi:Worker:Aws:Region"] = "eu-west-1",
        }).Build();
        var services = new ServiceCollection();
        services.AddAsyncAiWorker(configuration.GetSection(AsyncAiWorkerOptions.DefaultSectionName), o => o.MaxAttempts = 7);

        var options = services.BuildServiceProvider().GetRequiredService<IOptions<AsyncAiWorkerOptions>>().Value;

        Assert.Equal(12, options.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(90), options.VisibilityTimeout);
        Assert.Equal(new Uri("https://hooks.example.com/asyncai"), options.Webhook?.Url);
        Assert.Equal("eu-west-1", options.Aws.Region);
        Assert.Equal(7, options.MaxAttempts);
    }

    [Fact]
    public async Task A_host_with_bad_worker_settings_fails_to_start_naming_them()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddAsyncAiWorker(o => o.Concurrency = -1);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(error.Failures, f => f.Contains("RequestQueueUrl", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("Concurrency", StringComparison.Ordinal));
    }

    [Fact]
    public void Registering_two_handlers_for_one_job_type_is_refused()
    {
        var builder = new ServiceCollection().AddAsyncAiWorker(_ => { });
        builder.AddJobHandler<Support.EchoHandler>("echo");
        Assert.Throws<InvalidOperationException>(() => builder.AddJobHandler<Support.EchoHandler>("echo"));
    }
}
