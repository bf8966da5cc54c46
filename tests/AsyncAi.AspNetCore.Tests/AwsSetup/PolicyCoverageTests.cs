using AsyncAi.Aws.Provisioning;

namespace AsyncAi.AspNetCore.Tests.AwsSetup;

/// <summary>
/// The CloudFormation template's IAM policies cover what the code does: both roles run against the emulator with
/// every AWS request recorded, through the paths that touch AWS differently (upload, publish, a duplicate publish, a
/// claim-checked job, a failed job, cancel, results, a multipart output and an abandoned one, unreadable messages on
/// both queues), and each action a role used must be allowed on that resource by the role's policy in
/// docs/aws/asyncai.cfn.yaml, and each message it sent must pass the queue's policy. The grants are no wider than
/// that: each write grant of the worker is used by the run, and keys the worker does not write are not granted.
/// </summary>
public sealed class PolicyCoverageTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    private const string Root = "jobs/";
    private const int PartSizeBytes = 5 * 1024 * 1024;

    private static readonly Dictionary<string, (string Policy, string RoleParameter)> Roles = new(StringComparer.Ordinal)
    {
        ["backend"] = ("BackendPolicy", "BackendRoleArn"),
        ["worker"] = ("WorkerPolicy", "WorkerRoleArns"),
    };

    [Fact]
    public void The_worker_role_may_write_only_outputs_and_completion_records_and_delete_only_claim_checked_requests()
    {
        var grants = TemplatePolicies.Allowed(Template(), "WorkerPolicy", Root);
        var job = JobId.Parse("01JOBPOLICY0000000000000000");
        var folders = new[] { JobStorageLayout.JobPrefix(Root, job, null), JobStorageLayout.JobPrefix(Root, job, "tenant-1") };
        var writes = new List<(string Action, string Key)>();
        foreach (var folder in folders)
        {
            writes.Add(("s3:PutObject", JobStorageLayout.OutputKey(folder, "result.png")));
            writes.Add(("s3:PutObject", JobStorageLayout.OutputKey(folder, "pages/1.txt")));
            writes.Add(("s3:AbortMultipartUpload", JobStorageLayout.OutputKey(folder, "large.bin")));
            writes.Add(("s3:PutObject", folder + JobStorageLayout.CompletionObject));
            writes.Add(("s3:DeleteObject", folder + JobStorageLayout.RequestObject));
        }

        var refused = new List<(string Action, string Key)>();
        foreach (var folder in folders)
        {
            foreach (var action in new[] { "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload" })
            {
                refused.Add((action, JobStorageLayout.InputKey(folder, "a")));
                refused.Add((action, folder + JobStorageLayout.CancelObject));
                refused.Add((action, folder + "anything"));
            }

            refused.Add(("s3:PutObject", folder + JobStorageLayout.RequestObject));
            refused.Add(("s3:DeleteObject", folder + JobStorageLayout.CompletionObject));
            refused.Add(("s3:DeleteObject", JobStorageLayout.OutputKey(folder, "result.png")));
        }

        foreach (var action in new[] { "s3:PutObject", "s3:DeleteObject" })
        {
            refused.Add((action, JobStorageLayout.StatusKey(Root, job, null)));
            refused.Add((action, JobStorageLayout.StatusKey(Root, job, "tenant-1")));
            refused.Add((action, Root + JobStorageLayout.IdempotencyFolder + "0123abcd"));
            refused.Add((action, "elsewhere/" + job.Value + "/outputs/result.png"));
        }

        bool Granted((string Action, string Key) write) => grants.Any(g => g.Allows(write.Action, "JobBucket/" + write.Key));
        Assert.True(writes.All(Granted), "Writes the worker makes that WorkerPolicy does not allow:\n" + string.Join('\n', writes.Where(w => !Granted(w))));
        Assert.True(!refused.Any(Granted), "Writes WorkerPolicy allows that the worker never makes:\n" + string.Join('\n', refused.Where(Granted)));
    }

    [Fact]
    public void Only_the_backend_role_may_send_to_the_request_queue_and_its_lanes_and_only_the_worker_role_to_the_response_queue()
    {
        var template = Template();
        var restrictions = TemplatePolicies.QueueSenders(template);

        // Whoever else the account holds may have sqs:SendMessage on every queue through its own identity policy.
        var identities = new Dictionary<string, Func<string, bool>>(StringComparer.Ordinal)
        {
            ["BackendRoleArn"] = queue => TemplatePolicies.Allowed(template, "BackendPolicy", Root).Any(g => g.Allows("sqs:SendMessage", queue)),
            ["WorkerRoleArns"] = queue => TemplatePolicies.Allowed(template, "WorkerPolicy", Root).Any(g => g.Allows("sqs:SendMessage", queue)),
            ["AnotherPrincipalOfTheAccount"] = _ => true,
        };
        IEnumerable<string> Senders(string queue) => identities
            .Where(i => i.Value(queue) && (!restrictions.TryGetValue(queue, out var only) || only.Contains(i.Key)))
            .Select(i => i.Key)
            .Order(StringComparer.Ordinal);

        Assert.Equal(["BackendRoleArn"], Senders("RequestQueue"));
        Assert.Equal(["BackendRoleArn"], Senders("HighRequestQueue"));
        Assert.Equal(["BackendRoleArn"], Senders("BulkRequestQueue"));
        Assert.Equal(["WorkerRoleArns"], Senders("ResponseQueue"));
        Assert.Equal(new HashSet<string> { "RequestQueue", "HighRequestQueue", "BulkRequestQueue", "ResponseQueue" }, restrictions.Keys.ToHashSet());
    }

    [Fact]
    public async Task Every_AWS_action_each_role_uses_is_allowed_by_that_roles_policy_in_the_template()
    {
        var emulator = Emulator;
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
            o.UploadPartSizeBytes = PartSizeBytes;
        }).AddJobHandler<CopyHandler>("copy").AddJobHandler<FailingHandler>("fail")
          .AddJobHandler<MultipartHandler>("multipart").AddJobHandler<AbandonedUploadHandler>("abandon"));
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

        // Outputs larger than a part: a multipart upload, and one that fails half-way and is aborted.
        var multipart = await events.WaitForCompletionAsync((await publisher.PublishAsync(new JobRequest("multipart"), timeout.Token)).JobId, timeout.Token);
        Assert.Equal(PartSizeBytes + 1, Assert.Single(multipart.Outputs).SizeBytes);
        var abandoned = await events.WaitForCompletionAsync((await publisher.PublishAsync(new JobRequest("abandon"), timeout.Token)).JobId, timeout.Token);
        Assert.Equal("source_failed", abandoned.Error?.Code);

        // Unreadable messages on both queues: each role moves them to its dead-letter queue.
        await setupSqs.SendMessageAsync(resources.RequestQueueUrl.ToString(), "not a job", timeout.Token);
        await setupSqs.SendMessageAsync(resources.ResponseQueueUrl!.ToString(), "not an event", timeout.Token);
        await WaitForMessageAsync(setupSqs, resources.RequestDeadLetterQueueUrl, timeout.Token);
        await WaitForMessageAsync(setupSqs, resources.ResponseDeadLetterQueueUrl!, timeout.Token);
        await worker.StopAsync(timeout.Token);
        await backend.StopAsync(timeout.Token);

        var template = Template();
        var restrictions = TemplatePolicies.QueueSenders(template);
        var missing = new List<string>();
        var used = new Dictionary<string, HashSet<(string Action, string Resource)>>(StringComparer.Ordinal);
        foreach (var calls in new[] { backendCalls, workerCalls })
        {
            var (policy, roleParameter) = Roles[calls.Role];
            var grants = TemplatePolicies.Allowed(template, policy, Root);
            used[calls.Role] = calls.Calls.SelectMany(c => IamActions.For(c, resources)).ToHashSet();
            Assert.NotEmpty(used[calls.Role]);
            missing.AddRange(used[calls.Role].Where(u => !grants.Any(g => g.Allows(u.Action, u.Resource))).Select(u => $"{policy}: {u.Action} on {u.Resource}"));
            missing.AddRange(used[calls.Role]
                .Where(u => u.Action == "sqs:SendMessage" && restrictions.TryGetValue(u.Resource, out var only) && !only.Contains(roleParameter))
                .Select(u => $"{u.Resource}'s queue policy: {calls.Role} ({roleParameter}) may not send"));
        }

        Assert.True(missing.Count == 0, "Actions the code uses that the template does not allow:\n" + string.Join('\n', missing.Order()));

        // The run did reach the paths this test is for, and the worker's write grants are each needed.
        Assert.Contains(("sqs:SendMessage", "RequestDeadLetterQueue"), used["worker"]);
        Assert.Contains(("sqs:SendMessage", "ResponseQueue"), used["worker"]);
        Assert.Contains(("sqs:SendMessage", "RequestQueue"), used["backend"]);
        Assert.Contains(("sqs:SendMessage", "ResponseDeadLetterQueue"), used["backend"]);
        var unused = TemplatePolicies.Allowed(template, "WorkerPolicy", Root)
            .Where(g => g.IsObjectWrite && !used["worker"].Any(u => g.Allows(u.Action, u.Resource)))
            .Select(g => $"{g.Action} on {g.Resource}");
        Assert.Empty(unused);
    }

    private static string Template() => File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "aws", "asyncai.cfn.yaml"));

    private async Task<IHost> StartAsync(RecordingHttpClientFactory recorder, Action<IServiceCollection> configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var sqsConfig = Emulator.CreateSqsConfig();
        sqsConfig.HttpClientFactory = recorder;
        var s3Config = Emulator.CreateS3Config();
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

    private sealed class MultipartHandler : IJobHandler
    {
        public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken) =>
            await context.Outputs.WriteAsync("large.bin", new MemoryStream(new byte[PartSizeBytes + 1]), "application/octet-stream", cancellationToken);
    }

    private sealed class AbandonedUploadHandler : IJobHandler
    {
        public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
        {
            try
            {
                await context.Outputs.WriteAsync("abandoned.bin", new FailsAfterStream(PartSizeBytes + 1), "application/octet-stream", cancellationToken);
            }
            catch (IOException ex)
            {
                throw new NonRetryableJobException("source_failed", ex.Message);
            }
        }
    }

    /// <summary>Yields zeros, then fails: an output whose source breaks after the first part was uploaded.</summary>
    private sealed class FailsAfterStream(long failAtBytes) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAtBytes)
            {
                throw new IOException("The output's source failed.");
            }

            var n = (int)Math.Min(count, failAtBytes - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class FailingHandler : IJobHandler
    {
        public Task HandleAsync(IJobContext context, CancellationToken cancellationToken) =>
            throw new NonRetryableJobException("invalid_input", "This job always fails.");
    }
}
