using AsyncAi.Worker.Notifications;
using Microsoft.Extensions.Logging.Abstractions;

namespace AsyncAi.Worker.Tests.Configuration;

public sealed class WorkerValidationTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    [Fact]
    public async Task Errors_name_the_section_the_options_were_bound_from()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workers:Ocr:RequestQueueUrl"] = "https://sqs/requests",
            ["Workers:Ocr:ResponseQueueUrl"] = "https://sqs/responses",
            ["Workers:Ocr:Concurrency"] = "0",
        }).Build();
        var error = await TestHosts.StartFailsValidationAsync(services => services.AddAsyncAiWorker(configuration.GetSection("Workers:Ocr")));

        Assert.Contains(error.Failures, f => f.StartsWith("Workers:Ocr:Concurrency ", StringComparison.Ordinal));
        Assert.DoesNotContain(error.Failures, f => f.Contains("AsyncAi:Worker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Errors_of_options_set_in_code_name_the_conventional_section()
    {
        var error = await TestHosts.StartFailsValidationAsync(services => services.AddAsyncAiWorker(o =>
        {
            o.RequestQueueUrl = new Uri("https://sqs/requests");
            o.ResponseQueueUrl = new Uri("https://sqs/responses");
            o.MaxAttempts = 0;
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("AsyncAi:Worker:MaxAttempts ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_worker_without_a_bucket_does_not_start_and_says_why()
    {
        // Without its own bucket a worker would have to take each message's bucket on trust.
        var error = await TestHosts.StartFailsValidationAsync(services => services.AddAsyncAiWorker(o =>
        {
            o.RequestQueueUrl = new Uri("https://sqs/requests");
            o.ResponseQueueUrl = new Uri("https://sqs/responses");
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("AsyncAi:Worker:Bucket = (not set): is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("localhost-4566")]
    [InlineData("ftp://127.0.0.1:4566")]
    public void Aws_ServiceUrl_must_be_an_absolute_http_url(string url)
    {
        var options = Valid();
        options.Aws.ServiceUrl = new Uri(url, UriKind.RelativeOrAbsolute);

        var result = Validate(options);

        Assert.Contains(result.Failures!, f => f.Contains("AsyncAi:Worker:Aws:ServiceUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void Queue_urls_must_be_http_or_https()
    {
        var options = Valid();
        options.RequestQueueUrl = new Uri("sqs://requests");
        options.ResponseQueueUrl = new Uri("file:///tmp/responses");
        options.DeadLetterQueueUrl = new Uri("ftp://dlq");

        var failures = Validate(options).Failures!.ToList();

        Assert.Contains(failures, f => f.Contains("AsyncAi:Worker:RequestQueueUrl", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("AsyncAi:Worker:ResponseQueueUrl", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("AsyncAi:Worker:DeadLetterQueueUrl", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(100, true)]
    [InlineData(101, false)]
    [InlineData(int.MaxValue, false)]
    public void MaxAttempts_is_at_most_100(int attempts, bool valid)
    {
        var options = Valid();
        options.MaxAttempts = attempts;

        Assert.Equal(valid, Validate(options).Succeeded);
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(20_000, true)]
    [InlineData(0, false)]
    [InlineData(500, false)]
    [InlineData(1500, false)]
    [InlineData(21_000, false)]
    public void ReceiveWaitTime_must_be_whole_seconds_from_1_to_20(int milliseconds, bool valid)
    {
        var options = Valid();
        options.ReceiveWaitTime = TimeSpan.FromMilliseconds(milliseconds);

        var result = Validate(options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains(result.Failures!, f => f.Contains("AsyncAi:Worker:ReceiveWaitTime", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(9, 0, false)]
    [InlineData(10, 0, true)]
    [InlineData(86_400_000, 86_400_000, true)]
    [InlineData(86_400_001, 0, false)]
    [InlineData(1000, 86_400_001, false)]
    [InlineData(1000, -1, false)]
    public async Task Webhook_timeout_and_retry_delay_are_checked_against_what_the_retry_pipeline_accepts(int timeoutMs, int retryDelayMs, bool valid)
    {
        var options = Valid();
        options.ResponseQueueUrl = null;
        options.Webhook = new WebhookOptions
        {
            Url = new Uri("https://hooks.example.com/asyncai"),
            Secret = Secret,
            RequestTimeout = TimeSpan.FromMilliseconds(timeoutMs),
            RetryBaseDelay = TimeSpan.FromMilliseconds(retryDelayMs),
        };

        Assert.Equal(valid, Validate(options).Succeeded);
        // What validation accepts, the webhook client's resilience pipeline can be built with; what it refuses, the
        // pipeline would refuse too.
        var pipeline = new Polly.ResiliencePipelineBuilder<HttpResponseMessage>();
        if (valid)
        {
            WebhookResilience.ForCompletions(pipeline, options.Webhook);
            pipeline.Build();
        }
        else
        {
            Assert.ThrowsAny<Exception>(() =>
            {
                WebhookResilience.ForCompletions(pipeline, options.Webhook);
                pipeline.Build();
            });
        }

        await Task.CompletedTask;
    }

    [Fact]
    public void Errors_read_path_value_rule_with_the_SQS_limits_as_bounds()
    {
        var options = Valid();
        options.Concurrency = 0;
        options.VisibilityTimeout = TimeSpan.FromHours(13);
        options.Webhook = new WebhookOptions { Secret = "not base64 !" };

        var failures = Validate(options).Failures!.ToList();

        Assert.Contains("AsyncAi:Worker:Concurrency = 0: must be between 1 and 10000", failures);
        Assert.Contains("AsyncAi:Worker:VisibilityTimeout = 13:00:00: must be between 00:00:01 and 12:00:00", failures);
    }

    [Fact]
    public void A_bad_webhook_secret_is_named_but_never_written()
    {
        var options = Valid();
        options.ResponseQueueUrl = null;
        options.Webhook = new WebhookOptions { Url = new Uri("https://hooks.example.com/x"), Secret = "whsec_c2hvcnQ=" };

        var failures = Validate(options).Failures!.ToList();

        Assert.Contains("AsyncAi:Worker:Webhook:Secret = (hidden): must hold at least 24 bytes after the whsec_ prefix", failures);
        Assert.DoesNotContain(failures, f => f.Contains("c2hvcnQ", StringComparison.Ordinal));
    }

    private static AsyncAiWorkerOptions Valid() => new()
    {
        RequestQueueUrl = new Uri("https://sqs.eu-west-1.amazonaws.com/123456789012/requests"),
        ResponseQueueUrl = new Uri("https://sqs.eu-west-1.amazonaws.com/123456789012/responses"),
        Bucket = "jobs",
    };

    private static ValidateOptionsResult Validate(AsyncAiWorkerOptions options) => new AsyncAiWorkerOptionsValidator().Validate(null, options);
}
