using Amazon.S3;
using Amazon.S3.Model;
using AsyncAi.Testing.Emulator;
using Microsoft.Extensions.Hosting;

namespace AsyncAi.Onnx.Tests;

/// <summary>
/// The OCR job and the generic ONNX handler through the real worker and client against fauxqs: inputs uploaded to
/// S3, jobs published on SQS, completions read from the response queue, outputs read back from S3.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xunit disposes the hosts through IAsyncLifetime.DisposeAsync.")]
public sealed class OcrThroughWorkerTests(FauxqsFixture fixture) : EmulatorTests(fixture), IAsyncLifetime
{
    private readonly StartedHosts _hosts = new(fixture.Emulator);
    private readonly string _folder = TestPaths.NewScratchFolder();
    private IAmazonS3 _s3 = null!;
    private string _bucket = "";
    private IHost _client = null!;

    private IJobPublisher Publisher => _client.Services.GetRequiredService<IJobPublisher>();

    public async Task InitializeAsync()
    {
        var emulator = Emulator;
        _s3 = emulator.CreateS3Client();
        _bucket = FauxqsEmulator.UniqueName("onnx");
        await emulator.CreateBucketAsync(_bucket);
        var requests = new Uri(await emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("onnx-requests")));
        var responses = new Uri(await emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("onnx-responses")));

        // The small model is served from S3, to show the download, checksum and cache on the way.
        var affine = TinyOnnxModels.Affine(batch: null, width: 3);
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = "models/affine.onnx", InputStream = new MemoryStream(affine) });
        var affineSha = Convert.ToHexStringLower(SHA256.HashData(affine));

        _client = await _hosts.StartAsync(s => s.AddAsyncAiClient(o =>
        {
            o.RequestQueueUrl = requests;
            o.ResponseQueueUrl = responses;
            o.Bucket = _bucket;
            o.ListenerWaitTime = TimeSpan.FromSeconds(1);
        }));
        await _hosts.StartAsync(s => s
            .AddAsyncAiWorker(o =>
            {
                o.RequestQueueUrl = requests;
                o.ResponseQueueUrl = responses;
                o.Bucket = _bucket;
                o.Concurrency = 4;
                o.ReceiveWaitTime = TimeSpan.FromSeconds(1);
                o.VisibilityTimeout = TimeSpan.FromSeconds(30);
            })
            .AddTestOcr()
            .AddOnnxHandler("affine", o =>
            {
                o.Model.ModelPath = $"s3://{_bucket}/models/affine.onnx";
                o.Model.ExpectedSha256 = affineSha;
                o.Model.ModelCacheDirectory = _folder;
            })
            .AddOnnxHandler("tampered", o =>
            {
                o.Model.ModelPath = $"s3://{_bucket}/models/affine.onnx";
                o.Model.ExpectedSha256 = new string('b', 64);
                o.Model.ModelCacheDirectory = _folder;
            }));
    }

    [Fact]
    public async Task An_ocr_job_through_the_worker_reads_the_rendered_words_and_stores_json_and_overlay_in_s3()
    {
        var (png, ink) = TextImages.Render(480, 120, 40, "ASYNC AI 2026");

        var completion = await RunAsync("ocr", "image", png);

        Assert.Equal(JobStatus.Succeeded, completion.Status);
        var result = OcrTestSupport.ReadResult(await DownloadAsync(completion.FindOutput("result.json")!));
        var line = Assert.Single(result.Lines);
        Assert.Equal("ASYNC AI 2026", line.Text);
        Assert.InRange(OcrTestSupport.Coverage(line.Box, ink[0]), 0.95f, 1f);
        using var overlay = ImageDecoder.Decode(await DownloadAsync(completion.FindOutput("overlay.png")!));
        Assert.Equal(480, overlay.Width);
    }

    [Fact]
    public async Task A_corrupt_image_a_wrong_shape_and_a_failed_checksum_each_fail_their_job_clearly_and_the_next_jobs_succeed()
    {
        var (png, _) = TextImages.Render(320, 64, 32, "2026");

        var corrupt = await RunAsync("ocr", "image", png[..(png.Length / 2)]);
        var wrongShape = await RunAsync("affine", "x", ModelLoadingTests.TensorJsonBytes([1, 2, 3, 4], 1, 4));
        var tampered = await RunAsync("tampered", "x", ModelLoadingTests.TensorJsonBytes([1, 2, 3], 1, 3));
        var ocr = await RunAsync("ocr", "image", png);
        var affine = await RunAsync("affine", "x", ModelLoadingTests.TensorJsonBytes([1, 2, 3], 1, 3));

        Assert.Equal((JobStatus.Failed, JobErrorCodes.InvalidInput), (corrupt.Status, corrupt.Error?.Code));
        Assert.Contains("image", corrupt.Error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal((JobStatus.Failed, JobErrorCodes.InvalidInput), (wrongShape.Status, wrongShape.Error?.Code));
        Assert.Contains("has shape [1, 4] but the model expects [?, 3]", wrongShape.Error!.Message, StringComparison.Ordinal);
        Assert.Equal((JobStatus.Failed, JobErrorCodes.ModelFailed), (tampered.Status, tampered.Error?.Code));
        Assert.Contains("fails its checksum", tampered.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(JobStatus.Succeeded, ocr.Status);
        Assert.Equal("2026", OcrTestSupport.ReadResult(await DownloadAsync(ocr.FindOutput("result.json")!)).Text);
        Assert.Equal(JobStatus.Succeeded, affine.Status);
        Assert.Equal("{\"shape\":[1,3],\"data\":[3,5,7]}", System.Text.Encoding.UTF8.GetString(await DownloadAsync(affine.FindOutput("y.json")!)));
    }

    public async Task DisposeAsync()
    {
        await _hosts.DisposeAsync();

        _s3.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<JobCompletion> RunAsync(string jobType, string inputName, byte[] input)
    {
        var key = $"jobs/{JobId.New().Value}/inputs/{inputName}";
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = _bucket, Key = key, InputStream = new MemoryStream(input) });
        var published = await Publisher.PublishAsync(new JobRequest(jobType)
        {
            Inputs = new Dictionary<string, ObjectReference> { [inputName] = new(_bucket, key) },
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        return await _client.Services.GetRequiredService<IJobEvents>().WaitForCompletionAsync(published.JobId, timeout.Token);
    }

    private async Task<byte[]> DownloadAsync(JobOutput output)
    {
        using var response = await _s3.GetObjectAsync(output.Location.Bucket, output.Location.Key);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);
        return copy.ToArray();
    }
}
