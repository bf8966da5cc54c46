using System.Text;

namespace AsyncAi.Abstractions.Tests.Store;

public sealed class JobPageCursorTests
{
    [Fact]
    public void A_cursor_survives_its_token_to_the_microsecond()
    {
        var cursor = new JobPageCursor(new DateTimeOffset(2026, 12, 7, 9, 0, 0, 123, 456, TimeSpan.Zero), JobId.Parse("01a25136-f187"));

        Assert.True(JobPageCursor.TryParse(cursor.ToString(), out var read));
        Assert.Equal(cursor, read);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("MTIz")] // "123": no id
    [InlineData("LTEuam9i")] // "-1.job": negative time
    [InlineData("OTk5OTk5OTk5OTk5OTk5OTk5OS5q")] // a time past DateTimeOffset.MaxValue
    [InlineData("MTIzLi4uLy4uL2V0Yw")] // "123.../../etc": not a job id
    public void A_token_that_is_not_ours_is_refused(string? token)
    {
        Assert.False(JobPageCursor.TryParse(token, out _));
    }

    [Fact]
    public void A_token_longer_than_any_we_make_is_refused_before_it_is_decoded()
    {
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes("1." + new string('a', 200))).TrimEnd('=');

        Assert.False(JobPageCursor.TryParse(token, out _));
    }
}
