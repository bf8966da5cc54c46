using AsyncAi.Webhooks;
using AsyncAi.Worker;

namespace AsyncAi.AspNetCore.Tests.WorkerUploads;

/// <summary>
/// The real worker in presigned-URL mode against the real endpoints: it buys its upload URL with the credential in
/// its job message (the backend accepts no shared token), uploads with the content type exactly as signed, and
/// reports by webhook signed with its job's own secret (the worker is configured with none).
/// </summary>
public sealed class WorkerOutsideAwsTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    private const string OddContentType = "text/plain;charset=utf-8";

    [Fact]
    public async Task A_job_completes_through_its_own_upload_credential_and_a_signed_webhook()
    {
        await using var backend = await StartBackendAsync(Emulator);
        using var worker = await StartWorkerAsync(Emulator, backend);
        using var http = backend.CreateClient(user: "alice");
        var (job, view) = await RunJobAsync(http);

        Assert.True(view.GetProperty("state").GetString() == "succeeded", view.ToString());
        var output = Assert.Single(view.GetProperty("outputs").EnumerateArray());
        Assert.Equal($"s3://{backend.Resources.Bucket}/jobs/owner=alice/{job.GetProperty("jobId").GetString()}/outputs/note.txt", output.GetProperty("location").GetString());

        // Read raw from the download link: the SDK and HttpClient's parsed views would re-format the header themselves.
        using var download = await http.GetAsync(output.GetProperty("url").GetString());
        Assert.Equal(OddContentType, download.Content.Headers.NonValidated["Content-Type"].ToString());
        Assert.Equal("hello world", await download.Content.ReadAsStringAsync());
    }

    internal static Task<BackendApp> StartBackendAsync(FauxqsEmulator emulator) =>
        BackendApp.StartAsync(
            emulator,
            new()
            {
                ["AsyncAi:Client:WorkerUploads:SigningKey"] = WorkerUploadEndpointTests.SigningKey,
                ["AsyncAi:Endpoints:Webhooks:Secrets:0"] = WebhookSecret.Generate(),
            },
            map: app =>
            {
                app.MapAsyncAiJobs("/api/jobs");
                app.MapAsyncAiWebhooks("/webhooks/asyncai");
                app.MapAsyncAiWorkerUploads("/worker/upload-urls");
            });

    internal static async Task<(JsonElement Job, JsonElement View)> RunJobAsync(HttpClient http)
    {
        var job = await Api.CreateUploadedAsync(http);
        using (var start = await http.PostAsJsonAsync(job.GetProperty("startUrl").GetString(), new { }))
        {
            start.EnsureSuccessStatusCode();
        }

        return (job, await PollAsync(http, job.GetProperty("statusUrl").GetString()!));
    }

    internal static async Task<IHost> StartWorkerAsync(FauxqsEmulator emulator, BackendApp backend)
    {
        var builder = TestHosts.CreateBuilder(emulator);
        builder.Services.AddAsyncAiWorker(o =>
        {
            o.RequestQueueUrl = backend.Resources.RequestQueueUrl;
            o.Bucket = backend.Resources.Bucket;
            o.ReceiveWaitTime = TimeSpan.FromSeconds(1);
            o.UploadMode = OutputUploadMode.PresignedUrls;
            o.PresignedUploads.Endpoint = new Uri(backend.BaseUrl, "/worker/upload-urls");

            // Not accepted by the backend: only the job's own credential can buy the URL.
            o.PresignedUploads.Token = "a-token-the-backend-does-not-accept-0123456789";
            // No webhook secret either: each job's message brings its own, which is the only one the backend accepts.
            o.Webhook = new WebhookOptions { Url = new Uri(backend.BaseUrl, "/webhooks/asyncai") };
        }).AddJobHandler<NoteHandler>("echo");
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<JsonElement> PollAsync(HttpClient http, string statusUrl)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var view = await http.GetFromJsonAsync<JsonElement>(statusUrl);
            if (view.GetProperty("isFinished").GetBoolean())
            {
                return view;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The job did not finish within 60 s.");
        return default;
    }

    private sealed class NoteHandler : IJobHandler
    {
        public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken) =>
            await context.Outputs.WriteAsync("note.txt", "hello world"u8.ToArray(), OddContentType, cancellationToken);
    }
}
