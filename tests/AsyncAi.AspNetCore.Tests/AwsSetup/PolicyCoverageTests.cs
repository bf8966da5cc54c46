using Amazon.S3;
using Amazon.SQS;
using AsyncAi.Aws.Provisioning;
using AsyncAi.Client;
using AsyncAi.Testing.Emulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AsyncAi.AspNetCore.Tests.AwsSetup;

/// <summary>
/// The CloudFormation template's IAM policies cover what the code does: both roles run against the emulator with
/// every AWS request recorded, through the paths that touch AWS differently (upload, publish, a duplicate publish, a
/// claim-checked job, a failed job, cancel, results, unreadable messages on both queues), and each action a role
/// used must be allowed on that resource by the role's policy in docs/aws/asyncai.cfn.yaml.
/// </summary>
[Collection(FauxqsCollection.Name)]
public sealed class PolicyCoverageTests(FauxqsFixture fauxqs)
{
    [Fact]
    public async Task Every_AWS_action_each_role_uses_is_allowed_by_that_roles_policy_in_the_template()
    {
        var emulator = fauxqs.Emulator;
        using var setupSqs = emulator.CreateSqsClient();
        using var setupS3 = emulator.CreateS3Client();
        var resources = await AsyncAiProvisioner.EnsureAsync(setupSqs, setupS3, new AsyncAiResourceNames
        {
            RequestQueueName = FauxqsEmulator.UniqueName("iam-req"),
            ResponseQueueName = FauxqsEmulator.UniqueName("iam-resp"),
            Bucket = FauxqsEmulator.UniqueName("iam-bucket"),
        });
        var backendCalls = new RecordingHttpClientFactory("backend");
        var workerCalls = new RecordingHttpClientFactory("worker");

        using var worker = await StartAsync(workerCalls, s => s.AddAsyncAiWorker(o =>
        {
            o.RequestQueueUrl = resources.RequestQueueUrl;
            o.ResponseQueueUrl = resources.ResponseQueueUrl;
            o.Bucket = resources.Bucket;
            o.ReceiveWaitTime = TimeSpan.FromSeconds(1);
        }).AddJobHandler<CopyHandler>("copy").AddJobHandler<FailingHandler>("fail"));
        using var backend = await StartAsync(backendCalls, s => s.AddAsyncAiClient(o =>
        {
            o.RequestQueueUrl = resources.RequestQueueUrl;
            o.ResponseQueueUrl = resources.ResponseQueueUrl;
            o.ResponseDeadLetterQueueUrl = resources.ResponseDeadLetterQueueUrl;
            o.Bucket = resources.Bucket;
            o.ListenerWaitTime = TimeSpan.FromSeconds(1);
        }));
        var uploads = backend.Services.GetRequiredService<IInputUploads>();
        var publisher = backend.Services.GetRequiredService<IJobPublisher>();
        var events = backend.Services.GetRequiredService<IJobEvents>();
        var results = backend.Services.GetRequiredService<IResultStore>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));

        var jobId = uploads.NewJobId();
        var input = await uploads.UploadAsync(new InputUploadRequest(jobId, "image", "image/png"), new MemoryStream("png"u8.ToArray()), timeout.Token);
        Assert.NotNull(await uploads.FindAsync(new InputUploadRequest(jobId, "image", "image/png"), timeout.Token));
        var request = new JobRequest("copy") { JobId = jobId, IdempotencyKey = jobId.Value, Inputs = new Dictionary<string, ObjectReference> { ["image"] = input } };
        await publisher.PublishAsync(request, timeout.Token);
        await publisher.PublishAsync(request, timeout.Token);
        var completion = await events.WaitForCompletionAsync(jobId, timeout.Token);
        await using (var output = await results.OpenReadAsync(completion.Outputs[0], timeout.Token))
        {
            await output.CopyToAsync(Stream.Null, timeout.Token);
        }

        // Larger than a queue message: the request goes to S3 with a claim check, which the worker reads and deletes.
        var large = await publisher.PublishAsync(new JobRequest("fail") { Parameters = JobParameters.From(new { padding = new string('x', 1_100_000) }) }, timeout.Token);
        await events.WaitForCompletionAsync(large.JobId, timeout.Token);
        await publisher.CancelAsync(large.JobId, cancellationToken: timeout.Token);

        // Unreadable messages on both queues: each role moves them to its dead-letter queue.
        await setupSqs.SendMessageAsync(resources.RequestQueueUrl.ToString(), "not a job", timeout.Token);
        await setupSqs.SendMessageAsync(resources.ResponseQueueUrl!.ToString(), "not an event", timeout.Token);
        await WaitForMessageAsync(setupSqs, resources.RequestDeadLetterQueueUrl, timeout.Token);
        await WaitForMessageAsync(setupSqs, resources.ResponseDeadLetterQueueUrl!, timeout.Token);
        await worker.StopAsync(timeout.Token);
        await backend.StopAsync(timeout.Token);

        var template = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "aws", "asyncai.cfn.yaml"), timeout.Token);
        var missing = new List<string>();
        foreach (var (calls, policy) in new[] { (backendCalls, "BackendPolicy"), (workerCalls, "WorkerPolicy") })
        {
            var allowed = TemplatePolicies.Allowed(template, policy);
            var used = calls.Calls.SelectMany(c => IamActions.For(c, resources, "jobs/")).ToHashSet();
            Assert.NotEmpty(used);
            missing.AddRange(used.Where(u => !allowed.Contains(u)).Select(u => $"{policy}: {u.Action} on {u.Resource}"));
        }

        Assert.True(missing.Count == 0, "Actions the code uses that the template does not allow:\n" + string.Join('\n', missing.Order()));
        // The run did reach the paths this test is for.
        var workerUsed = workerCalls.Calls.SelectMany(c => IamActions.For(c, resources, "jobs/")).ToHashSet();
        var backendUsed = backendCalls.Calls.SelectMany(c => IamActions.For(c, resources, "jobs/")).ToHashSet();
        Assert.Contains(("sqs:SendMessage", "RequestDeadLetterQueue"), workerUsed);
        Assert.Contains(("s3:DeleteObject", "JobObjects"), workerUsed);
        Assert.Contains(("sqs:SendMessage", "ResponseDeadLetterQueue"), backendUsed);
    }

    private async Task<IHost> StartAsync(RecordingHttpClientFactory recorder, Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var sqsConfig = fauxqs.Emulator.CreateSqsConfig();
        sqsConfig.HttpClientFactory = recorder;
        var s3Config = fauxqs.Emulator.CreateS3Config();
        s3Config.HttpClientFactory = recorder;
        builder.Services.AddSingleton<IAmazonSQS>(new AmazonSQSClient(FauxqsEmulator.Credentials, sqsConfig));
        builder.Services.AddSingleton<IAmazonS3>(new AmazonS3Client(FauxqsEmulator.Credentials, s3Config));
        configure(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task WaitForMessageAsync(IAmazonSQS sqs, Uri queue, CancellationToken cancellationToken)
    {
        while (true)
        {
            var attributes = await sqs.GetQueueAttributesAsync(queue.ToString(), ["ApproximateNumberOfMessages"], cancellationToken);
            if (attributes.ApproximateNumberOfMessages > 0)
            {
                return;
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AsyncAi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No AsyncAi.sln above the test assembly.");
    }

    private sealed class CopyHandler : IJobHandler
    {
        public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
        {
            await using var input = await context.OpenInputAsync("image", cancellationToken);
            await context.Outputs.WriteAsync("copy.png", input, "image/png", cancellationToken);
        }
    }

    private sealed class FailingHandler : IJobHandler
    {
        public Task HandleAsync(IJobContext context, CancellationToken cancellationToken) =>
            throw new NonRetryableJobException("invalid_input", "This job always fails.");
    }
}
