using System.Collections.Concurrent;
using System.Security.Claims;
using Amazon.Runtime;
using Amazon.S3;
using AsyncAi.Client;
using AsyncAi.Dashboard;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace AsyncAi.Dashboard.Tests.Support;

/// <summary>
/// A backend with the dashboard mapped at <c>/ops</c>: a WebApplication on Kestrel at 127.0.0.1 (a free port), the
/// client role over fresh queues on the emulator (a request queue whose RedrivePolicy names its dead-letter queue, a
/// response queue with a configured dead-letter queue), every SQS call counted. Test headers stand in for what an app
/// and its proxy would set: <c>X-Test-User</c> and <c>X-Test-Roles</c> sign the request in, <c>X-Test-Remote</c>
/// makes it come from another address.
/// </summary>
internal sealed class DashboardApp : IAsyncDisposable
{
    public const string UserHeader = "X-Test-User";
    public const string RolesHeader = "X-Test-Roles";
    public const string RemoteHeader = "X-Test-Remote";
    public const string ViewPolicy = "ops-view";
    public const string ActPolicy = "ops-act";

    private DashboardApp(WebApplication app, JobQueues queues, Uri responseDeadLetters, CountingHttpClientFactory calls)
    {
        App = app;
        Queues = queues;
        ResponseDeadLetterQueueUrl = responseDeadLetters;
        Calls = calls;
        BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Sqs = app.Services.GetRequiredService<IAmazonSQS>();
    }

    public WebApplication App { get; }

    public JobQueues Queues { get; }

    public Uri ResponseDeadLetterQueueUrl { get; }

    /// <summary>Every SQS call the app made, by operation.</summary>
    public CountingHttpClientFactory Calls { get; }

    public Uri BaseUrl { get; }

    public Uri DashboardUrl => new(BaseUrl, "/ops/");

    public IAmazonSQS Sqs { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>What the app logged (the dashboard's category from Information up, the rest from Warning).</summary>
    public Microsoft.Extensions.Logging.Testing.FakeLogCollector Logs => Services.GetRequiredService<Microsoft.Extensions.Logging.Testing.FakeLogCollector>();

    public static async Task<DashboardApp> StartAsync(
        FauxqsEmulator emulator,
        Action<AsyncAiDashboardOptions>? dashboard = null,
        bool withPolicies = false,
        Action<AsyncAiClientOptions>? client = null,
        Func<AmazonSQSConfig, IAmazonSQS>? sqs = null)
    {
        var queues = await JobQueues.CreateAsync(emulator, "dash");
        var responseDeadLetters = new Uri(await emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("responses-dlq")));
        var calls = new CountingHttpClientFactory();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("AsyncAi.Dashboard", LogLevel.Information);
        builder.Logging.AddFakeLogging();
        var sqsConfig = emulator.CreateSqsConfig();
        sqsConfig.HttpClientFactory = calls;
        builder.Services.AddSingleton(sqs?.Invoke(sqsConfig) ?? new AmazonSQSClient(FauxqsEmulator.Credentials, sqsConfig));
        builder.Services.AddSingleton<IAmazonS3>(_ => emulator.CreateS3Client());
        builder.Services.AddAsyncAiClient(o =>
        {
            o.RequestQueueUrl = queues.RequestQueueUrl;
            o.ResponseQueueUrl = queues.ResponseQueueUrl;
            o.ResponseDeadLetterQueueUrl = responseDeadLetters;
            o.Bucket = queues.Bucket;
            o.ListenerWaitTime = TimeSpan.FromSeconds(1);
            client?.Invoke(o);
        });
        builder.Services.AddAsyncAiDashboard(o =>
        {
            o.SampleInterval = TimeSpan.FromMilliseconds(200);
            o.DeadLetterScanVisibility = TimeSpan.FromSeconds(10);
            dashboard?.Invoke(o);
        });
        builder.Services.AddAuthorization(o =>
        {
            o.AddPolicy(ViewPolicy, p => p.RequireRole("ops-viewer", "ops-admin"));
            o.AddPolicy(ActPolicy, p => p.RequireRole("ops-admin"));
        });

        var app = builder.Build();
        app.Use((context, next) =>
        {
            if (context.Request.Headers[RemoteHeader].ToString() is { Length: > 0 } remote)
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(remote);
            }

            if (context.Request.Headers[UserHeader].ToString() is { Length: > 0 } user)
            {
                var claims = new List<Claim> { new(ClaimTypes.Name, user) };
                claims.AddRange(context.Request.Headers[RolesHeader].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r => new Claim(ClaimTypes.Role, r)));
                context.User = new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType: "test"));
            }

            return next(context);
        });
        if (withPolicies)
        {
            app.MapAsyncAiDashboard("/ops", ViewPolicy, ActPolicy);
        }
        else
        {
            app.MapAsyncAiDashboard("/ops");
        }

        await app.StartAsync();
        return new DashboardApp(app, queues, responseDeadLetters, calls);
    }

    /// <summary>Waits until the sampler knows all four queues (the request dead-letter queue is found from its RedrivePolicy).</summary>
    public async Task WaitForQueuesAsync()
    {
        var queues = Services.GetRequiredService<DashboardQueues>();
        var end = DateTime.UtcNow.AddSeconds(20);
        while (queues.All.Count < 4 || queues.All.Any(q => q.Latest is null))
        {
            Assert.True(DateTime.UtcNow < end, "The sampler did not find and sample all four queues in 20 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>An HTTP client for the app, signed in as <paramref name="user"/> with <paramref name="roles"/>, from <paramref name="remote"/>.</summary>
    public HttpClient CreateClient(string? user = null, string? roles = null, string? remote = null)
    {
        var http = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        if (user is not null)
        {
            http.DefaultRequestHeaders.Add(UserHeader, user);
        }

        if (roles is not null)
        {
            http.DefaultRequestHeaders.Add(RolesHeader, roles);
        }

        if (remote is not null)
        {
            http.DefaultRequestHeaders.Add(RemoteHeader, remote);
        }

        return http;
    }

    /// <summary>Sends <paramref name="count"/> messages to a queue as a worker's dead-letter mover would (with a reason).</summary>
    public async Task SendDeadLettersAsync(Uri queue, int count, string reason)
    {
        for (var start = 0; start < count; start += 10)
        {
            var entries = Enumerable.Range(start, Math.Min(10, count - start)).Select(i => new SendMessageBatchRequestEntry
            {
                Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                MessageBody = $$"""{"v":1,"jobId":"job-{{i:D4}}","jobType":"echo","owner":"tenant-a","secret":"body-{{i}}"}""",
                MessageAttributes = new Dictionary<string, MessageAttributeValue>
                {
                    ["asyncai-dead-letter-reason"] = new() { DataType = "String", StringValue = reason },
                    ["asyncai-job-id"] = new() { DataType = "String", StringValue = $"job-{i:D4}" },
                },
            }).ToList();
            var response = await Sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queue.AbsoluteUri, Entries = entries });
            Assert.Empty(response.Failed ?? []);
        }
    }

    /// <summary>The queue's ApproximateNumberOfMessages and NotVisible, read directly.</summary>
    public async Task<(int Visible, int InFlight)> DepthAsync(Uri queue)
    {
        var attributes = (await Sqs.GetQueueAttributesAsync(queue.AbsoluteUri, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"])).Attributes;
        return (int.Parse(attributes["ApproximateNumberOfMessages"], System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(attributes["ApproximateNumberOfMessagesNotVisible"], System.Globalization.CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>Counts every request an AWS SDK client sends, by its operation (the X-Amz-Target header).</summary>
internal sealed class CountingHttpClientFactory : HttpClientFactory
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Count(string operation) => _counts.GetValueOrDefault("AmazonSQS." + operation);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this) { InnerHandler = new HttpClientHandler() });

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class Handler(CountingHttpClientFactory owner) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.TryGetValues("X-Amz-Target", out var values) ? values.FirstOrDefault() ?? "?" : "?";
            owner._counts.AddOrUpdate(target, 1, (_, n) => n + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
