using System.Web;
using AsyncAi.Aws.Storage;
using AsyncAi.Aws.Messages;

namespace AsyncAi.Client.Tests.Uploads;

public sealed class UploadTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task Presigned_PUT_then_publish_then_the_worker_reads_the_input_back()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var jobId = client.Uploads.NewJobId();
        var upload = await client.Uploads.CreatePresignedPutAsync(new InputUploadRequest(jobId, "image", "image/png"));
        var bytes = Encoding.UTF8.GetBytes("fake png bytes");

        using var put = new HttpRequestMessage(HttpMethod.Put, upload.Url) { Content = new ByteArrayContent(bytes) };
        foreach (var (name, value) in upload.Headers)
        {
            put.Content.Headers.TryAddWithoutValidation(name, value);
        }

        using (var response = await Http.SendAsync(put))
        {
            Assert.True(response.IsSuccessStatusCode, $"PUT answered {response.StatusCode}");
        }

        await client.Publisher.PublishAsync(new JobRequest("ocr")
        {
            JobId = jobId,
            Inputs = new Dictionary<string, ObjectReference> { ["image"] = upload.Location },
        });

        var message = Assert.Single(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1));
        var job = (await new IncomingJobReader(new S3JobFolders(() => client.S3)).ReadAsync(message, default)).Job;
        Assert.Equal(jobId, job.JobId);
        using var input = await client.S3.GetObjectAsync(job.Inputs["image"].Bucket, job.Inputs["image"].Key);
        using var memory = new MemoryStream();
        await input.ResponseStream.CopyToAsync(memory);
        Assert.Equal(bytes, memory.ToArray());
        Assert.Equal("image/png", input.Headers.ContentType);
    }

    [Fact]
    public async Task Presigned_PUT_URL_is_scoped_to_the_input_key_and_expires_after_the_default_15_minutes()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var jobId = client.Uploads.NewJobId();
        var before = DateTimeOffset.UtcNow;

        var upload = await client.Uploads.CreatePresignedPutAsync(new InputUploadRequest(jobId, "pages/1.png", "image/png") { Owner = "tenant-a" });

        Assert.Equal("PUT", upload.Method);
        Assert.Equal(new ObjectReference(resources.Bucket, $"jobs/owner=tenant-a/{jobId}/inputs/pages/1.png"), upload.Location);
        Assert.EndsWith($"/{resources.Bucket}/jobs/owner=tenant-a/{jobId}/inputs/pages/1.png", Uri.UnescapeDataString(upload.Url.AbsolutePath), StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(upload.Url.Query);
        var expires = int.Parse(query["X-Amz-Expires"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expires, 14 * 60, (15 * 60) + 1); // the SDK rounds the remaining seconds up
        Assert.Contains("content-type", query["X-Amz-SignedHeaders"]!, StringComparison.Ordinal);
        Assert.InRange(upload.ExpiresAt, before.AddMinutes(15), DateTimeOffset.UtcNow.AddMinutes(15));
    }

    [Fact]
    public async Task Presigned_POST_policy_pins_the_key_the_content_type_and_the_length_and_the_form_upload_works()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources);
        var jobId = client.Uploads.NewJobId();

        var upload = await client.Uploads.CreatePresignedPostAsync(new InputUploadRequest(jobId, "image", "image/jpeg")
        {
            MaxBytes = 1000,
            ExpiresIn = TimeSpan.FromMinutes(5),
        });

        Assert.Equal("POST", upload.Method);
        var key = $"jobs/{jobId}/inputs/image";
        var policyField = upload.Fields.Single(f => f.Key.Equals("policy", StringComparison.OrdinalIgnoreCase)).Value;
        using var policy = JsonDocument.Parse(Convert.FromBase64String(policyField));
        var expiration = policy.RootElement.GetProperty("expiration").GetDateTimeOffset();
        Assert.InRange(expiration, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(5).AddSeconds(5));
        var conditions = policy.RootElement.GetProperty("conditions").EnumerateArray().Select(c => c.GetRawText()).ToList();
        Assert.Contains(conditions, c => c.Contains("content-length-range", StringComparison.Ordinal) && c.Contains("1000", StringComparison.Ordinal));
        Assert.Contains(conditions, c => c.Contains("Content-Type", StringComparison.OrdinalIgnoreCase) && c.Contains("image/jpeg", StringComparison.Ordinal));
        Assert.Contains(conditions, c => c.Contains(key, StringComparison.Ordinal));
        Assert.Contains(conditions, c => c.Contains(resources.Bucket, StringComparison.Ordinal));
        Assert.DoesNotContain(conditions, c => c.Contains("starts-with", StringComparison.Ordinal) && c.Contains("$key", StringComparison.Ordinal));

        // Sent as a browser sends a form: field names quoted and the boundary bare (HttpClient does the opposite
        // by default, which fauxqs's form parser does not read).
        var boundary = "----asyncai" + Guid.NewGuid().ToString("N");
        using var form = new MultipartFormDataContent(boundary);
        form.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        foreach (var (name, value) in upload.Fields)
        {
            form.Add(new StringContent(value), $"\"{name}\"");
        }

        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("jpeg!"));
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "\"file\"", "\"photo.jpg\"");
        using (var response = await Http.PostAsync(upload.Url, form))
        {
            Assert.True(response.IsSuccessStatusCode, $"POST answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        using var stored = await client.S3.GetObjectAsync(resources.Bucket, key);
        Assert.Equal("jpeg!", await new StreamReader(stored.ResponseStream).ReadToEndAsync());
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/../../b")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("")]
    public async Task An_input_name_that_could_leave_the_jobs_inputs_folder_is_rejected(string name)
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, listen: false);
        var request = new InputUploadRequest(client.Uploads.NewJobId(), name, "image/png");

        await Assert.ThrowsAsync<ArgumentException>(() => client.Uploads.CreatePresignedPutAsync(request));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Uploads.CreatePresignedPostAsync(request));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Uploads.UploadAsync(request, new MemoryStream([1])));
    }

    [Fact]
    public async Task An_expiry_beyond_7_days_or_a_bad_content_type_is_rejected()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, listen: false);
        var jobId = client.Uploads.NewJobId();

        await Assert.ThrowsAsync<ArgumentException>(() => client.Uploads.CreatePresignedPutAsync(new InputUploadRequest(jobId, "a", "image/png") { ExpiresIn = TimeSpan.FromDays(8) }));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Uploads.CreatePresignedPostAsync(new InputUploadRequest(jobId, "a", "image/png\r\nx-amz-acl: public-read")));
        await Assert.ThrowsAsync<ArgumentException>(() => client.Uploads.CreatePresignedPostAsync(new InputUploadRequest(jobId, "a", "image/png") { MaxBytes = 0 }));
    }

    [Fact]
    public async Task Server_side_upload_streams_the_input_into_the_jobs_inputs_folder()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, listen: false);
        var jobId = client.Uploads.NewJobId();

        var location = await client.Uploads.UploadAsync(new InputUploadRequest(jobId, "doc.pdf", "application/pdf"), new MemoryStream(Encoding.UTF8.GetBytes("%PDF")));

        Assert.Equal(new ObjectReference(resources.Bucket, $"jobs/{jobId}/inputs/doc.pdf"), location);
        using var stored = await client.S3.GetObjectAsync(location.Bucket, location.Key);
        Assert.Equal("%PDF", await new StreamReader(stored.ResponseStream).ReadToEndAsync());
    }
}
