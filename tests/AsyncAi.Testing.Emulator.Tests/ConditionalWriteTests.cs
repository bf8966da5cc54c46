namespace AsyncAi.Testing.Emulator.Tests;

/// <summary>
/// Write-once records (completion records, idempotency records, cancellations) rely on S3's
/// <c>If-None-Match: *</c>; fauxqs ignores it, so the launcher enforces it, and the tests of those records run
/// against the rule S3 applies.
/// </summary>
public sealed class ConditionalWriteTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task A_put_with_if_none_match_on_an_existing_key_fails_with_412_and_keeps_the_first_body()
    {
        using var s3 = Emulator.CreateS3Client();
        var bucket = $"conditional-{Guid.NewGuid():N}"[..40];
        await Emulator.CreateBucketAsync(bucket);

        await s3.PutObjectAsync(Put(bucket, "record", "first"));
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.PutObjectAsync(Put(bucket, "record", "second")));

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.StatusCode);
        Assert.Equal("first", await ReadAsync(s3, bucket, "record"));
    }

    [Fact]
    public async Task Of_many_concurrent_conditional_puts_of_one_key_exactly_one_wins()
    {
        using var s3 = Emulator.CreateS3Client();
        var bucket = $"conditional-{Guid.NewGuid():N}"[..40];
        await Emulator.CreateBucketAsync(bucket);

        var attempts = Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                await s3.PutObjectAsync(Put(bucket, "race", $"writer-{i}"));
                return $"writer-{i}";
            }
            catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
            {
                return null;
            }
        }).ToList();
        var winners = (await Task.WhenAll(attempts)).Where(w => w is not null).ToList();

        Assert.Equal(await ReadAsync(s3, bucket, "race"), Assert.Single(winners));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_writer_that_dies_during_its_conditional_put_does_not_block_the_key_for_the_next_writer(bool reset)
    {
        using var s3 = Emulator.CreateS3Client();
        var bucket = $"conditional-{Guid.NewGuid():N}"[..40];
        await Emulator.CreateBucketAsync(bucket);

        // A worker killed (kill -9) while its completion record's PUT is being checked: the headers arrived, the
        // body never will, and the connection goes away while the launcher holds the key's lock.
        for (var i = 0; i < 5; i++)
        {
            using var dying = new System.Net.Sockets.TcpClient();
            await dying.ConnectAsync(IPAddress.Loopback, Emulator.Port);
            var head = $"PUT /{bucket}/record HTTP/1.1\r\nHost: 127.0.0.1:{Emulator.Port}\r\nIf-None-Match: *\r\nContent-Length: 64\r\n\r\n";
            await dying.GetStream().WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
            if (reset)
            {
                dying.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            }

            dying.Close();
        }

        // Bounded, so that a key left locked fails the test instead of hanging it.
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await s3.PutObjectAsync(Put(bucket, "record", "next writer"), bounded.Token);
        Assert.Equal("next writer", await ReadAsync(s3, bucket, "record"));
    }

    [Fact]
    public async Task A_plain_put_still_overwrites()
    {
        using var s3 = Emulator.CreateS3Client();
        var bucket = $"conditional-{Guid.NewGuid():N}"[..40];
        await Emulator.CreateBucketAsync(bucket);

        await s3.PutObjectAsync(Put(bucket, "plain", "first"));
        var second = Put(bucket, "plain", "second");
        second.IfNoneMatch = null;
        await s3.PutObjectAsync(second);

        Assert.Equal("second", await ReadAsync(s3, bucket, "plain"));
    }

    private static PutObjectRequest Put(string bucket, string key, string body) =>
        new() { BucketName = bucket, Key = key, ContentBody = body, IfNoneMatch = "*" };

    private static async Task<string> ReadAsync(IAmazonS3 s3, string bucket, string key)
    {
        using var response = await s3.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }
}
