using AsyncAi.Uploads;

namespace AsyncAi.AspNetCore.Tests.WorkerUploads;

/// <summary>What a worker's upload URL is signed for, found by recomputing its SigV4 signature.</summary>
public sealed class PresignedUrlSignatureTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Theory]
    [InlineData("text/plain;charset=utf-8")]
    [InlineData("image/png")]
    [InlineData("application/vnd.api+json; charset=UTF-8")]
    public async Task The_url_is_signed_for_the_exact_content_type_string_and_length_the_worker_sends(string contentType)
    {
        using var s3 = Emulator.CreateS3Client();
        var issuer = new WorkerUploadUrlIssuer(s3, new WorkerUploadUrlIssuerOptions { Bucket = "bucket", SigningKey = WorkerUploadEndpointTests.SigningKey });
        var jobId = JobId.New();
        var credential = issuer.CreateJobCredential(jobId, owner: null);

        var grant = await issuer.IssueAsync(
            new OutputUploadUrlRequest { JobId = jobId, OutputName = "out.txt", ContentType = contentType, SizeBytes = 11 },
            credential);

        Assert.Equal(contentType, grant.ContentType);
        Assert.True(SigV4.Matches(grant.Url, "test", new Dictionary<string, string> { ["content-type"] = contentType, ["content-length"] = "11", ["if-none-match"] = "*" }));
        // Re-formatted as MediaTypeHeaderValue does ("text/plain; charset=utf-8"), or another length: S3 refuses it.
        var reformatted = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType).ToString();
        Assert.Equal(reformatted == contentType, SigV4.Matches(grant.Url, "test", new Dictionary<string, string> { ["content-type"] = reformatted, ["content-length"] = "11", ["if-none-match"] = "*" }));
        Assert.False(SigV4.Matches(grant.Url, "test", new Dictionary<string, string> { ["content-type"] = contentType, ["content-length"] = "12", ["if-none-match"] = "*" }));
    }

    [Fact]
    public async Task The_url_signs_if_none_match_so_it_cannot_overwrite_and_a_request_without_a_size_gets_no_url()
    {
        using var s3 = Emulator.CreateS3Client();
        var issuer = new WorkerUploadUrlIssuer(s3, new WorkerUploadUrlIssuerOptions { Bucket = "bucket", SigningKey = WorkerUploadEndpointTests.SigningKey, MaxOutputBytes = 100 });
        var jobId = JobId.New();
        var credential = issuer.CreateJobCredential(jobId, owner: null);

        var grant = await issuer.IssueAsync(jobId, owner: null, "out.txt", "text/plain", 11, credential);

        var signedHeaders = System.Web.HttpUtility.ParseQueryString(grant.Url.Query)["X-Amz-SignedHeaders"]!.Split(';');
        Assert.Equal(["content-length", "content-type", "host", "if-none-match"], signedHeaders);
        // Without the header (a PUT that would overwrite), or with another value, S3 refuses the signature.
        Assert.True(SigV4.Matches(grant.Url, "test", new Dictionary<string, string> { ["content-type"] = "text/plain", ["content-length"] = "11", ["if-none-match"] = "*" }));
        Assert.False(SigV4.Matches(grant.Url, "test", new Dictionary<string, string> { ["content-type"] = "text/plain", ["content-length"] = "11", ["if-none-match"] = "\"etag\"" }));
        var noSize = await Assert.ThrowsAsync<ArgumentException>(() => issuer.IssueAsync(new OutputUploadUrlRequest { JobId = jobId, OutputName = "out.txt", ContentType = "text/plain" }, credential));
        Assert.Contains("no size", noSize.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => issuer.IssueAsync(jobId, owner: null, "out.txt", "text/plain", 101, credential));
    }

    [Fact]
    public async Task A_credential_stops_working_when_it_expires()
    {
        using var s3 = Emulator.CreateS3Client();
        var now = new ShiftedTime();
        var issuer = new WorkerUploadUrlIssuer(s3, new WorkerUploadUrlIssuerOptions { Bucket = "bucket", SigningKey = WorkerUploadEndpointTests.SigningKey, CredentialLifetime = TimeSpan.FromHours(1) }, now);
        var jobId = JobId.New();
        var credential = issuer.CreateJobCredential(jobId, "tenant-1");

        Assert.True(issuer.IsAuthorizedFor(jobId, "tenant-1", credential));
        now.Shift = TimeSpan.FromMinutes(61);
        Assert.False(issuer.IsAuthorizedFor(jobId, "tenant-1", credential));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => issuer.IssueAsync(jobId, "tenant-1", "a.png", "image/png", 10, credential));
    }

    [Fact]
    public void Secrets_shorter_than_24_bytes_are_refused()
    {
        using var s3 = Emulator.CreateS3Client();

        Assert.Throws<ArgumentException>(() => new WorkerUploadUrlIssuer(s3, new WorkerUploadUrlIssuerOptions { Bucket = "b", SigningKey = "short-key-23-bytes-long" }));
        Assert.Throws<ArgumentException>(() => new WorkerUploadUrlIssuer(s3, new WorkerUploadUrlIssuerOptions { Bucket = "b", WorkerToken = "short-token" }));
        Assert.Throws<ArgumentException>(() => new WorkerUploadUrlIssuer(s3, new WorkerUploadUrlIssuerOptions { Bucket = "b" }));
    }

    private sealed class ShiftedTime : TimeProvider
    {
        public TimeSpan Shift { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }
}
