using Microsoft.Extensions.Time.Testing;

namespace AsyncAi.Abstractions.Tests.Jobs;

public sealed class JobIdTests
{
    [Fact]
    public void New_ids_sort_by_creation_time()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var ids = new List<JobId>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(JobId.New(clock));
            clock.Advance(TimeSpan.FromMilliseconds(3));
        }

        Assert.Equal(ids, ids.Order());
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id.Value));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("A-b_9")]
    public void Valid_ids_parse(string text) => Assert.Equal(text, JobId.Parse(text).Value);

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a b")]
    [InlineData("é")]
    public void Invalid_ids_are_rejected(string text)
    {
        Assert.False(JobId.TryParse(text, out _));
        Assert.Throws<FormatException>(() => JobId.Parse(text));
    }

    [Fact]
    public void An_id_longer_than_64_characters_is_rejected()
    {
        Assert.True(JobId.TryParse(new string('a', 64), out _));
        Assert.False(JobId.TryParse(new string('a', 65), out _));
    }

    [Fact]
    public void The_default_id_is_empty_and_has_no_value()
    {
        JobId id = default;
        Assert.True(id.IsEmpty);
        Assert.Throws<InvalidOperationException>(() => id.Value);
    }

    [Fact]
    public void Json_reading_rejects_an_invalid_id()
    {
        Assert.Equal(JobId.Parse("ok"), JsonSerializer.Deserialize<JobId>("\"ok\""));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<JobId>("\"../x\""));
    }
}
