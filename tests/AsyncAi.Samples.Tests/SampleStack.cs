namespace AsyncAi.Samples.Tests;

/// <summary>
/// The sample backend and worker running against the test's emulator, each on its own queues and bucket, the
/// backend on a free loopback port. Started the way scripts/demo.sh starts them, with the samples' own opt-in
/// provisioning creating the queues and the bucket.
/// </summary>
internal sealed class SampleStack : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private SampleStack(SampleProcess backend, SampleProcess worker, Uri baseUrl)
    {
        Backend = backend;
        Worker = worker;
        BaseUrl = baseUrl;
    }

    public SampleProcess Backend { get; }

    public SampleProcess Worker { get; }

    public Uri BaseUrl { get; }

    /// <summary>Both processes' last output, for failure messages.</summary>
    public string Logs => $"--- backend ---\n{Backend.Output}\n--- worker ---\n{Worker.Output}";

    /// <summary>Starts both roles. With <paramref name="webhookMode"/> the worker has no response queue and no S3
    /// write access: it reports by signed webhook and uploads through presigned URLs from the backend, bought with each job's own credential.</summary>
    public static async Task<SampleStack> StartAsync(FauxqsEmulator emulator, bool webhookMode = false)
    {
        var requestQueue = FauxqsEmulator.UniqueName("samples-requests");
        var responseQueue = webhookMode ? string.Empty : FauxqsEmulator.UniqueName("samples-responses");
        var bucket = FauxqsEmulator.UniqueName("samples-bucket");
        var workerToken = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var signingKey = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var webhookSecret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        // The backend signs the browser's upload URLs for the emulator itself, which answers the browser's CORS
        // preflight as a bucket with a CORS rule does on AWS (scripts/local-aws/fauxqs-server.mjs).
        var backendEnvironment = new Dictionary<string, string>
        {
            ["Backend__ProvisionResources"] = "true",
            ["ConnectionStrings__Jobs"] = $"Data Source={Path.Combine(Path.GetTempPath(), "asyncai-sample-jobs-" + Guid.NewGuid().ToString("N") + ".db")}",
            ["Backend__RequestQueueName"] = requestQueue,
            ["Backend__ResponseQueueName"] = responseQueue,
            ["AsyncAi__Client__Bucket"] = bucket,
            ["AsyncAi__Client__Aws__ServiceUrl"] = emulator.ServiceUrl.ToString(),
            ["AsyncAi__Client__Aws__Region"] = FauxqsEmulator.Region,
        };
        if (webhookMode)
        {
            // Per-job credentials only: the backend accepts no shared token, so the worker's own token below is
            // refused and every upload URL is bought with the credential its job message carries.
            backendEnvironment["AsyncAi__Client__WorkerUploads__SigningKey"] = signingKey;
            backendEnvironment["AsyncAi__Endpoints__Webhooks__Secrets__0"] = webhookSecret;
            backendEnvironment["AsyncAi__Client__StatusPollInterval"] = "00:00:00.200";
        }

        var backend = SampleProcess.Start("AsyncAi.Samples.Backend", backendEnvironment, "--urls", "http://127.0.0.1:0");
        Uri baseUrl;
        try
        {
            baseUrl = await backend.WaitUntilListeningAsync(StartTimeout);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            var output = backend.Output;
            await backend.DisposeAsync();
            throw new InvalidOperationException($"The sample backend did not start: {ex.Message}\n{output}", ex);
        }

        // Started after the backend has provisioned, so that the two never create the same queues at once.
        var workerEnvironment = new Dictionary<string, string>
        {
            ["WorkerSample__ProvisionResources"] = "true",
            ["WorkerSample__RequestQueueName"] = requestQueue,
            ["WorkerSample__ResponseQueueName"] = responseQueue,
            ["WorkerSample__ModelsDirectory"] = RepositoryPaths.ModelsDirectory,
            ["AsyncAi__Worker__Bucket"] = bucket,
            ["AsyncAi__Worker__Aws__ServiceUrl"] = emulator.ServiceUrl.ToString(),
            ["AsyncAi__Worker__Aws__Region"] = FauxqsEmulator.Region,
            ["AsyncAi__Worker__ReceiveWaitTime"] = "00:00:01",
            ["AsyncAi__Worker__WorkerId"] = webhookMode ? "sample-worker-outside-aws" : "sample-worker",
        };
        if (webhookMode)
        {
            workerEnvironment["AsyncAi__Worker__Webhook__Url"] = new Uri(baseUrl, "/webhooks/asyncai").ToString();
            workerEnvironment["AsyncAi__Worker__UploadMode"] = "PresignedUrls";
            workerEnvironment["AsyncAi__Worker__PresignedUploads__Endpoint"] = new Uri(baseUrl, "/worker/upload-urls").ToString();
            workerEnvironment["AsyncAi__Worker__PresignedUploads__Token"] = workerToken;
        }

        var worker = SampleProcess.Start("AsyncAi.Samples.Worker", workerEnvironment);
        return new SampleStack(backend, worker, baseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Backend.DisposeAsync();
    }
}
