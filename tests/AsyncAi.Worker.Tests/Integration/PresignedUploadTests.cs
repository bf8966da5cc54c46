using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using AsyncAi.Uploads;
using Moq;

namespace AsyncAi.Worker.Tests.Integration;

public sealed class PresignedUploadTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    // The backend's end of the upload-URL exchange as any HTTP service would write it (web JSON, nulls left out),
    // not through the worker's own JSON context, so the test also pins the contract.
    private static readonly JsonSerializerOptions BackendJson = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private const string Token = "worker-token-0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task In_presigned_url_mode_the_worker_uploads_outputs_with_no_S3_client_at_all()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);
        var issuer = new WorkerUploadUrlIssuer(env.S3, new WorkerUploadUrlIssuerOptions { Bucket = env.Bucket, WorkerToken = Token });
        var issued = 0;
        await using var backend = new LoopbackHttpServer(async context =>
        {
            var request = await JsonSerializer.DeserializeAsync<OutputUploadUrlRequest>(context.Request.InputStream, BackendJson);
            var bearer = context.Request.Headers["Authorization"]?.Replace("Bearer ", "", StringComparison.Ordinal);
            try
            {
                var grant = await issuer.IssueAsync(request!, bearer);
                Interlocked.Increment(ref issued);
                context.Response.ContentType = "application/json";
                await JsonSerializer.SerializeAsync(context.Response.OutputStream, grant, BackendJson);
            }
            catch (UnauthorizedAccessException)
            {
                context.Response.StatusCode = 401;
            }
        });
        var puts = new System.Collections.Concurrent.ConcurrentQueue<RecordedPut>();
        // Any S3 call by the worker would throw: it must not have, or need, S3 credentials.
        var noS3 = new Mock<IAmazonS3>(MockBehavior.Strict);
        await env.StartWorkerAsync(
            o =>
            {
                o.UploadMode = OutputUploadMode.PresignedUrls;
                o.PresignedUploads.Endpoint = backend.Url;
                o.PresignedUploads.Token = Token;
            },
            s =>
            {
                s.AddSingleton(noS3.Object);
                s.AddHttpClient(AsyncAiWorkerHttpClients.Uploads).AddHttpMessageHandler(() => new PutRecorder(puts));
            },
            registerS3: false);

        var job = await env.Publisher.PublishAsync(new JobRequest("echo"));
        var completion = await env.WaitAsync(job.JobId);

        Assert.Equal(JobStatus.Succeeded, completion.Status);
        Assert.Equal(1, issued);
        // The headers the URL was signed for: S3 would refuse the PUT without them, and If-None-Match: * means an
        // output that already exists is never replaced.
        var put = Assert.Single(puts);
        Assert.Equal("*", put.IfNoneMatch);
        Assert.Equal("text/plain", put.ContentType);
        Assert.Equal(EchoHandler.ContentFor(job.JobId).Length, put.ContentLength);
        var output = Assert.Single(completion.Outputs);
        Assert.Equal($"jobs/{job.JobId.Value}/outputs/result.txt", output.Location.Key);
        using var stored = await env.S3.GetObjectAsync(output.Location.Bucket, output.Location.Key);
        using var buffer = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(buffer);
        Assert.Equal(EchoHandler.ContentFor(job.JobId), buffer.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())), output.Sha256);
        noS3.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task The_issuer_scopes_each_url_to_one_output_key_with_a_short_expiry_and_checks_the_token()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        var issuer = new WorkerUploadUrlIssuer(env.S3, new WorkerUploadUrlIssuerOptions { Bucket = env.Bucket, WorkerToken = Token });
        var id = JobId.New();

        var grant = await issuer.IssueAsync(id, "tenant-1", "masks/mask.png", "image/png", 10, Token);

        Assert.Equal($"jobs/owner=tenant-1/{id.Value}/outputs/masks/mask.png", grant.Location.Key);
        Assert.Contains($"/{env.Bucket}/jobs/owner=tenant-1/{id.Value}/outputs/masks/mask.png", Uri.UnescapeDataString(grant.Url.AbsolutePath), StringComparison.Ordinal);
        // The SDK counts the expiry from its own clock reading, so a second may tick between the two: 300 or 301.
        Assert.Matches("X-Amz-Expires=30[01](&|$)", grant.Url.Query);
        Assert.True(grant.ExpiresAt <= DateTimeOffset.UtcNow.AddMinutes(5));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => issuer.IssueAsync(id, null, "a.png", "image/png", 10, "wrong"));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => issuer.IssueAsync(id, null, "a.png", "image/png", 10, null));
        await Assert.ThrowsAsync<ArgumentException>(() => issuer.IssueAsync(id, null, "../other/_completion.json", "image/png", 10, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => issuer.IssueAsync(id, "../x", "a.png", "image/png", 10, Token));
    }

    [Fact]
    public async Task The_http_url_source_turns_a_refused_token_into_a_non_retryable_error()
    {
        await using var backend = new LoopbackHttpServer(context =>
        {
            context.Response.StatusCode = 401;
            return Task.CompletedTask;
        });
        await using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var source = new Storage.HttpOutputUploadUrlSource(
            services.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new AsyncAiWorkerOptions { PresignedUploads = new PresignedUploadOptions { Endpoint = backend.Url, Token = "bad" } }));

        var error = await Assert.ThrowsAsync<NonRetryableJobException>(() => source.GetUploadUrlAsync(
            new OutputUploadUrlRequest { JobId = JobId.New(), OutputName = "a.txt", ContentType = "text/plain" },
            CancellationToken.None));
        Assert.Equal("upload_refused", error.Code);
    }

    private sealed record RecordedPut(string? IfNoneMatch, string? ContentType, long? ContentLength);

    /// <summary>Notes the headers of each PUT the worker's upload client sends, then sends it on unchanged.</summary>
    private sealed class PutRecorder(System.Collections.Concurrent.ConcurrentQueue<RecordedPut> puts) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Put)
            {
                puts.Enqueue(new RecordedPut(
                    request.Headers.TryGetValues("If-None-Match", out var inm) ? string.Join(",", inm) : null,
                    request.Content?.Headers.TryGetValues("Content-Type", out var type) == true ? string.Join(",", type) : null,
                    request.Content?.Headers.ContentLength));
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
