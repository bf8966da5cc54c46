namespace AsyncAi.Testing.Emulator.Tests;

/// <summary>
/// A web page uploads straight to S3 through presigned URLs; locally the emulator must answer the browser's
/// CORS preflight as a bucket with a CORS rule would (fauxqs alone answers it with 404).
/// </summary>
public sealed class CorsTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    private const string PageOrigin = "http://127.0.0.1:5080";

    [Fact]
    public async Task Preflight_for_a_presigned_put_is_answered_with_the_cors_headers()
    {
        var url = await PresignedPutUrlAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var preflight = Preflight(url, "PUT", "content-type,x-amz-meta-job");

        using var response = await http.SendAsync(preflight);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PageOrigin, Header(response, "Access-Control-Allow-Origin"));
        var methods = Header(response, "Access-Control-Allow-Methods").Split(',', StringSplitOptions.TrimEntries);
        Assert.Subset(new HashSet<string>(methods), new HashSet<string> { "GET", "PUT", "POST", "HEAD", "DELETE" });
        Assert.Equal("content-type,x-amz-meta-job", Header(response, "Access-Control-Allow-Headers"));
        Assert.Equal("ETag", Header(response, "Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task Put_from_a_page_gets_allow_origin_and_the_etag_exposed()
    {
        var url = await PresignedPutUrlAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var put = new HttpRequestMessage(HttpMethod.Put, url) { Content = new ByteArrayContent([1, 2, 3]) };
        put.Headers.Add("Origin", PageOrigin);

        using var response = await http.SendAsync(put);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PageOrigin, Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("ETag", Header(response, "Access-Control-Expose-Headers"));
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Cors_can_be_turned_off_and_then_the_preflight_is_not_allowed()
    {
        await using var emulator = await FauxqsEmulator.StartAsync(new FauxqsEmulatorOptions { Persistence = false, Cors = false });
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var preflight = Preflight(new Uri(emulator.ServiceUrl, "/some-bucket/some-key"), "PUT", "content-type");

        using var response = await http.SendAsync(preflight);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(Uri url, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, url);
        request.Headers.Add("Origin", PageOrigin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : throw new Xunit.Sdk.XunitException($"The response has no {name} header.");

    private async Task<Uri> PresignedPutUrlAsync()
    {
        using var s3 = Emulator.CreateS3Client();
        var bucket = FauxqsEmulator.UniqueName("uploads");
        await Emulator.CreateBucketAsync(bucket);
        var url = await s3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = "inputs/page.png",
            Verb = HttpVerb.PUT,
            Expires = DateTime.UtcNow.AddMinutes(5),
            Protocol = Protocol.HTTP,
        });
        return new Uri(url);
    }
}
