namespace AsyncAi.Testing.Emulator.Tests;

public sealed class S3Tests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task Put_then_get_an_object()
    {
        using var s3 = Emulator.CreateS3Client();
        var bucket = FauxqsEmulator.UniqueName("results");
        await Emulator.CreateBucketAsync(bucket);

        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "jobs/1/output.json",
            ContentBody = "{\"ok\":true}",
            ContentType = "application/json",
        });

        using var response = await s3.GetObjectAsync(bucket, "jobs/1/output.json");
        using var reader = new StreamReader(response.ResponseStream);
        Assert.Equal("{\"ok\":true}", await reader.ReadToEndAsync());
        Assert.Equal("application/json", response.Headers.ContentType);
    }

    [Fact]
    public async Task Presigned_put_uploads_what_get_object_returns()
    {
        using var s3 = Emulator.CreateS3Client();
        var bucket = FauxqsEmulator.UniqueName("inputs");
        await Emulator.CreateBucketAsync(bucket);

        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "uploads/input.bin",
            Verb = HttpVerb.PUT,
            Expires = DateTime.UtcNow.AddMinutes(5),
            // The config's ServiceURL is http, but presigned URLs default to https.
            Protocol = Protocol.HTTP,
        });
        Assert.StartsWith(Emulator.ServiceUrl.GetLeftPart(UriPartial.Authority) + "/" + bucket + "/", url, StringComparison.Ordinal);

        // A browser would do this: a plain HTTP PUT with no AWS SDK and no credentials.
        byte[] payload = [1, 2, 3, 4, 5];
        using (var http = new HttpClient())
        using (var content = new ByteArrayContent(payload))
        {
            using var put = await http.PutAsync(new Uri(url), content);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var response = await s3.GetObjectAsync(bucket, "uploads/input.bin");
        using var buffer = new MemoryStream();
        await response.ResponseStream.CopyToAsync(buffer);
        Assert.Equal(payload, buffer.ToArray());
    }
}
