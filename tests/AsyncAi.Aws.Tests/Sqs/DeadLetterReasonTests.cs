using System.Text;
using AsyncAi.Aws.Sqs;

namespace AsyncAi.Aws.Tests.Sqs;

public sealed class DeadLetterReasonTests
{
    [Fact]
    public void Control_characters_are_replaced_by_the_replacement_character_and_allowed_whitespace_is_kept()
    {
        var reason = DeadLetterReason.Sanitize("job type 'bad\u0001type'\u0000 has no handler\t\r\n\u000b");

        Assert.Equal("job type 'bad\uFFFDtype'\uFFFD has no handler\t\r\n\uFFFD", reason);
        Assert.All(reason.EnumerateRunes(), r => Assert.True(DeadLetterReason.IsAllowed(r)));
    }

    [Fact]
    public void A_lone_surrogate_and_the_two_non_characters_at_the_top_of_the_basic_plane_are_replaced()
    {
        var reason = DeadLetterReason.Sanitize("a\uD800b\uFFFEc\uFFFFd");

        Assert.Equal("a\uFFFDb\uFFFDc\uFFFDd", reason);
    }

    [Fact]
    public void Characters_outside_the_basic_plane_are_kept_whole()
    {
        var reason = DeadLetterReason.Sanitize("emoji \U0001F600 ok");

        Assert.Equal("emoji \U0001F600 ok", reason);
    }

    [Fact]
    public void A_long_reason_is_cut_to_the_cap_without_splitting_a_surrogate_pair()
    {
        var text = new string('x', DeadLetterReason.MaxLength - 1) + "\U0001F600" + new string('y', 5000);

        var reason = DeadLetterReason.Sanitize(text);

        Assert.True(reason.Length <= DeadLetterReason.MaxLength);
        Assert.Equal(new string('x', DeadLetterReason.MaxLength - 1), reason);
    }

    [Fact]
    public void A_reason_at_the_cap_is_kept_as_it_is()
    {
        var text = new string('r', DeadLetterReason.MaxLength);

        Assert.Equal(text, DeadLetterReason.Sanitize(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void A_missing_reason_becomes_a_placeholder_that_SQS_accepts(string? reason)
    {
        var safe = DeadLetterReason.Sanitize(reason);

        Assert.False(string.IsNullOrEmpty(safe));
        Assert.All(safe.EnumerateRunes(), r => Assert.True(DeadLetterReason.IsAllowed(r)));
    }

    [Theory]
    [InlineData(0x0, false)]
    [InlineData(0x8, false)]
    [InlineData(0x9, true)]
    [InlineData(0xA, true)]
    [InlineData(0xB, false)]
    [InlineData(0xD, true)]
    [InlineData(0x1F, false)]
    [InlineData(0x20, true)]
    [InlineData(0xD7FF, true)]
    [InlineData(0xE000, true)]
    [InlineData(0xFFFD, true)]
    [InlineData(0xFFFE, false)]
    [InlineData(0x10000, true)]
    [InlineData(0x10FFFF, true)]
    public void Allowed_characters_are_exactly_those_SQS_accepts(int value, bool allowed)
    {
        Assert.Equal(allowed, DeadLetterReason.IsAllowed(new Rune(value)));
    }
}
