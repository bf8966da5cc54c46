namespace AsyncAi.Client.Tests.Uploads;

public sealed class WorkerUploadsRegistrationTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    private const string Token = "a-long-random-worker-token-for-tests-only";

    [Fact]
    public async Task With_a_token_configured_AddAsyncAiClient_provides_an_issuer_that_signs_under_the_client_bucket_and_prefix()
    {
        var configuration = Configuration(new()
        {
            ["AsyncAi:Client:RootPrefix"] = "tenant-a/",
            ["AsyncAi:Client:WorkerUploads:Token"] = Token,
            ["AsyncAi:Client:WorkerUploads:UrlExpiry"] = "00:02:00",
        });
        // The issuer asks S3 whether the job has completed before it signs: a real (emulated) bucket answers.
        using var s3 = Emulator.CreateS3Client();
        await Emulator.CreateBucketAsync("demo-bucket");
        var now = DateTimeOffset.UtcNow;
        using var host = TestHosts.Build(services =>
        {
            services.AddSingleton<TimeProvider>(new FixedTime(now));
            services.AddSingleton<IAmazonS3>(s3);
            services.AddAsyncAiClient(configuration);
        });

        var issuer = host.Services.GetRequiredService<WorkerUploadUrlIssuer>();
        var jobId = JobId.New();
        var grant = await issuer.IssueAsync(jobId, owner: null, "result.json", "application/json", 2, Token);

        Assert.False(issuer.IsAuthorized("another-token"));
        Assert.Equal("demo-bucket", grant.Location.Bucket);
        Assert.Equal($"tenant-a/{jobId}/outputs/result.json", grant.Location.Key);
        // The emulator serves plain http; an https URL would be refused by it.
        Assert.Equal(Uri.UriSchemeHttp, grant.Url.Scheme);
        Assert.Equal(now + TimeSpan.FromMinutes(2), grant.ExpiresAt);
    }

    [Fact]
    public void Without_a_token_resolving_the_issuer_names_the_setting_that_turns_it_on()
    {
        using var s3 = EmulatorS3();
        using var host = TestHosts.Build(services =>
        {
            services.AddSingleton<IAmazonS3>(s3);
            services.AddAsyncAiClient(Configuration([]));
        });

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<WorkerUploadUrlIssuer>());

        Assert.Contains("AsyncAi:Client:WorkerUploads:Token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blank_token_or_an_expiry_over_seven_days_fails_at_start_naming_the_settings()
    {
        var configuration = Configuration(new()
        {
            ["AsyncAi:Client:WorkerUploads:Token"] = "   ",
            ["AsyncAi:Client:WorkerUploads:UrlExpiry"] = "8.00:00:00",
        });
        var error = await TestHosts.StartFailsValidationAsync(services => services.AddAsyncAiClient(configuration));

        Assert.Contains("AsyncAi:Client:WorkerUploads:Token", error.Message, StringComparison.Ordinal);
        Assert.Contains("AsyncAi:Client:WorkerUploads:UrlExpiry", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Failures.Count());
    }

    [Fact]
    public async Task A_signing_key_or_token_shorter_than_24_bytes_fails_at_start_naming_the_setting()
    {
        var configuration = Configuration(new()
        {
            ["AsyncAi:Client:WorkerUploads:SigningKey"] = "only-twenty-bytes-xx",
            ["AsyncAi:Client:WorkerUploads:Token"] = "short-token",
        });
        var error = await TestHosts.StartFailsValidationAsync(services => services.AddAsyncAiClient(configuration));

        Assert.Contains("AsyncAi:Client:WorkerUploads:SigningKey = (hidden): is 20 bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("AsyncAi:Client:WorkerUploads:Token = (hidden): is 11 bytes", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("only-twenty-bytes-xx", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("short-token", error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(Dictionary<string, string?> settings)
    {
        settings.TryAdd("AsyncAi:Client:RequestQueueUrl", "http://127.0.0.1:1/000000000000/requests");
        settings.TryAdd("AsyncAi:Client:Bucket", "demo-bucket");
        return new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
    }

    // Resolving and validating touch no AWS endpoint; the dummy credentials sign nothing real.
    private static AmazonS3Client EmulatorS3() => new(
        new BasicAWSCredentials("test", "test"),
        new AmazonS3Config { ServiceURL = "http://127.0.0.1:1/", AuthenticationRegion = "us-east-1", ForcePathStyle = true });

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
