using System.Security.Cryptography;
using Amazon.S3.Model;

namespace AsyncAi.Worker.Tests.Integration;

public sealed class ThroughputTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task Two_hundred_jobs_at_concurrency_16_each_run_exactly_once_with_checked_outputs()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture);
        await env.StartWorkerAsync(o => o.Concurrency = 16);

        var published = await env.Publisher.PublishManyAsync(Enumerable.Range(0, 200).Select(_ => new JobRequest("echo")));
        var completions = await Task.WhenAll(published.Select(p => env.WaitAsync(p.JobId)));

        Assert.All(completions, c => Assert.Equal(JobStatus.Succeeded, c.Status));
        Assert.All(published, p => Assert.Equal(1, env.Log.RunsOf(p.JobId)));
        Assert.Equal(200, completions.Select(c => c.JobId).Distinct().Count());
        foreach (var completion in completions)
        {
            var output = Assert.Single(completion.Outputs);
            var expected = EchoHandler.ContentFor(completion.JobId);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(expected)), output.Sha256);
            Assert.Equal(expected.Length, output.SizeBytes);
            using var stored = await env.S3.GetObjectAsync(output.Location.Bucket, output.Location.Key);
            using var buffer = new MemoryStream();
            await stored.ResponseStream.CopyToAsync(buffer);
            Assert.Equal(output.Sha256, Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())));
            Assert.EndsWith($"{completion.JobId.Value}/outputs/result.txt", output.Location.Key, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_large_output_goes_up_in_parts_and_keeps_its_checksum()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        var content = Enumerable.Range(0, (11 * 1024 * 1024) + 123).Select(i => (byte)(i * 31)).ToArray();
        await using var services = new ServiceCollection().AddSingleton(env.S3).BuildServiceProvider();
        var options = Options.Create(new AsyncAiWorkerOptions { UploadPartSizeBytes = 5 * 1024 * 1024 });
        using var aws = new AsyncAi.Worker.Sqs.WorkerAwsClients(services, options);
        var uploader = new Storage.DirectS3OutputUploader(aws, options);
        var id = JobId.New();
        var prefix = new ObjectReference(env.Bucket, $"jobs/{id.Value}/");

        var output = await uploader.UploadAsync(new Storage.JobOutputTarget(id, null, prefix, "big.bin", "application/octet-stream"), new MemoryStream(content), CancellationToken.None);

        Assert.Equal(content.Length, output.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), output.Sha256);
        Assert.Equal($"jobs/{id.Value}/outputs/big.bin", output.Location.Key);
        using var stored = await env.S3.GetObjectAsync(new GetObjectRequest { BucketName = env.Bucket, Key = output.Location.Key });
        using var buffer = new MemoryStream();
        await stored.ResponseStream.CopyToAsync(buffer);
        Assert.Equal(output.Sha256, Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray())));
    }
}
