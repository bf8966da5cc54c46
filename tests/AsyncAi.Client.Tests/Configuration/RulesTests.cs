namespace AsyncAi.Client.Tests.Configuration;

public sealed class RulesTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("jobs/", true)]
    [InlineData("ai/jobs-v2/", true)]
    [InlineData("jobs", false)]
    [InlineData("/jobs/", false)]
    [InlineData("a//", false)]
    [InlineData("../", false)]
    [InlineData("_status/", false)]
    public void Root_prefix_rules(string prefix, bool valid) =>
        Assert.Equal(valid, AsyncAiClientOptionsValidator.IsValidRootPrefix(prefix));

    [Theory]
    [InlineData("my-bucket", true)]
    [InlineData("a.b.c", true)]
    [InlineData("ab", false)]
    [InlineData("My-Bucket", false)]
    [InlineData("-bucket", false)]
    [InlineData("a..b", false)]
    [InlineData("under_score", false)]
    public void Bucket_name_rules(string name, bool valid) => Assert.Equal(valid, BucketNames.IsValid(name));

    [Theory]
    [InlineData("image/png", true)]
    [InlineData("text/plain; charset=utf-8", true)]
    [InlineData("png", false)]
    [InlineData("image/", false)]
    [InlineData("image/png\r\nx-amz-acl: public-read", false)]
    [InlineData("image/\"png\"", false)]
    public void Content_type_rules(string contentType, bool valid) => Assert.Equal(valid, S3InputUploads.IsContentType(contentType));

    [Fact]
    public void An_idempotency_key_is_scoped_to_its_owner()
    {
        Assert.NotEqual(IdempotencyKeys.Hash("k", "tenant-a"), IdempotencyKeys.Hash("k", "tenant-b"));
        Assert.NotEqual(IdempotencyKeys.Hash("k", null), IdempotencyKeys.Hash("k", "tenant-a"));
        Assert.Equal(IdempotencyKeys.Hash("k", "tenant-a"), IdempotencyKeys.Hash("k", "tenant-a"));
        Assert.Matches("^[0-9a-f]{64}$", IdempotencyKeys.Hash("k", null));
    }
}
