using System.Web;

namespace AsyncAi.Client.Tests.Results;

public sealed class ResultStoreTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task An_output_is_read_by_presigned_URL_and_as_a_stream()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, listen: false);
        var output = await PutOutputAsync(client, resources.Bucket, "{\"text\":\"hi\"}");

        var url = await client.Results.GetDownloadUrlAsync(output, TimeSpan.FromMinutes(2));
        await using var stream = await client.Results.OpenReadAsync(output);

        Assert.Equal("{\"text\":\"hi\"}", await Http.GetStringAsync(url));
        Assert.InRange(int.Parse(HttpUtility.ParseQueryString(url.Query)["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture), 110, 121);
        Assert.Equal("{\"text\":\"hi\"}", await new StreamReader(stream).ReadToEndAsync());
    }

    [Fact]
    public async Task An_output_outside_the_configured_bucket_or_root_is_refused()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, listen: false);
        var output = await PutOutputAsync(client, resources.Bucket, "x");

        await Assert.ThrowsAsync<ArgumentException>(() => client.Results.OpenReadAsync(output with { Location = new ObjectReference("other-bucket", output.Location.Key) }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Results.GetDownloadUrlAsync(output with { Location = new ObjectReference(resources.Bucket, "secrets/key.pem") }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Results.GetDownloadUrlAsync(output with { Location = new ObjectReference(resources.Bucket, "jobs/a/outputs/../../_idempotency/x") }));
    }

    [Theory]
    [InlineData("_completion.json")]
    [InlineData("_request.json")]
    [InlineData("inputs/photo.jpg")]
    [InlineData("notoutputs/x/outputs/y")]
    public async Task Only_a_jobs_own_outputs_are_signed_not_its_inputs_request_or_records(string inside)
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, listen: false);
        var output = await PutOutputAsync(client, resources.Bucket, "x");
        var other = new ObjectReference(resources.Bucket, $"jobs/{JobId.New()}/{inside}");

        await Assert.ThrowsAsync<ArgumentException>(() => client.Results.GetDownloadUrlAsync(output with { Location = other }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Results.OpenReadAsync(output with { Location = other }));
    }

    private static async Task<JobOutput> PutOutputAsync(ClientHost client, string bucket, string content)
    {
        var key = $"jobs/{JobId.New()}/outputs/result.json";
        await client.S3.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = bucket, Key = key, ContentBody = content, ContentType = "application/json" });
        return new JobOutput
        {
            Name = "result.json",
            Location = new ObjectReference(bucket, key),
            SizeBytes = Encoding.UTF8.GetByteCount(content),
            ContentType = "application/json",
            Sha256 = new string('0', 64),
        };
    }
}
