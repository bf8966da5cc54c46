namespace AsyncAi.Abstractions.Tests.Storage;

public sealed class StorageNamesTests
{
    [Theory]
    [InlineData("image")]
    [InlineData("pages/1.png")]
    [InlineData("a.b-c_d")]
    public void Safe_file_names_pass(string name) => Assert.Equal(name, StorageNames.ValidateFileName(name));

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("a/../b")]
    [InlineData("./a")]
    [InlineData("/a")]
    [InlineData("a/")]
    [InlineData("a//b")]
    [InlineData("a b")]
    [InlineData("a\\b")]
    public void File_names_that_could_escape_or_confuse_a_prefix_are_rejected(string name) =>
        Assert.Throws<ArgumentException>(() => StorageNames.ValidateFileName(name));

    [Fact]
    public void A_file_name_longer_than_128_characters_is_rejected() =>
        Assert.Throws<ArgumentException>(() => StorageNames.ValidateFileName(new string('a', 129)));

    [Theory]
    [InlineData("tenant-1", true)]
    [InlineData("a_b", true)]
    [InlineData("a.b", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Safe_segments(string? value, bool safe) => Assert.Equal(safe, StorageNames.IsSafeSegment(value));

    [Fact]
    public void Keys_are_built_under_the_jobs_prefix()
    {
        var prefix = JobStorageLayout.JobPrefix("jobs/", JobId.Parse("j1"), "t1");

        Assert.Equal("jobs/owner=t1/j1/", prefix);
        Assert.Equal("jobs/j1/", JobStorageLayout.JobPrefix("jobs/", JobId.Parse("j1"), null));
        Assert.Equal("jobs/owner=t1/j1/inputs/image", JobStorageLayout.InputKey(prefix, "image"));
        Assert.Equal("jobs/owner=t1/j1/outputs/r.json", JobStorageLayout.OutputKey(prefix, "r.json"));
        Assert.Throws<ArgumentException>(() => JobStorageLayout.JobPrefix("jobs/", JobId.Parse("j1"), "../t2"));
        Assert.Throws<ArgumentException>(() => JobStorageLayout.InputKey(prefix, "../../t2/j2/inputs/image"));
    }

    [Fact]
    public void Object_references_parse_and_print_as_s3_uris()
    {
        var reference = ObjectReference.Parse("s3://bucket/a/b.png");

        Assert.Equal(new ObjectReference("bucket", "a/b.png"), reference);
        Assert.Equal("s3://bucket/a/b.png", reference.ToString());
        Assert.False(ObjectReference.TryParse("s3://bucket/", out _));
        Assert.False(ObjectReference.TryParse("https://bucket/a", out _));
    }
}
