namespace AsyncAi.Onnx.Tests;

public sealed class CtcDecoderTests
{
    // Classes: 0 blank, 1 "a", 2 "b", 3 space.
    private static readonly CharacterDictionary Characters = CharacterDictionary.FromCharacters(["a", "b"]);

    private static float[] Frames(params float[][] frames) => [.. frames.SelectMany(f => f)];

    [Fact]
    public void A_space_the_blank_outvoted_is_kept_when_the_space_class_rose_between_two_characters()
    {
        var probabilities = Frames([0.1f, 0.9f, 0, 0], [0.8f, 0, 0, 0.2f], [0.1f, 0, 0.9f, 0]);

        Assert.Equal("a b", CtcDecoder.Decode(probabilities, 3, 4, Characters).Text);
    }

    [Fact]
    public void No_space_is_put_inside_a_word_where_the_space_class_stayed_low()
    {
        var probabilities = Frames([0.1f, 0.9f, 0, 0], [0.98f, 0, 0, 0.02f], [0.1f, 0, 0.9f, 0]);

        var (text, confidence) = CtcDecoder.Decode(probabilities, 3, 4, Characters);

        Assert.Equal("ab", text);
        Assert.Equal(0.9f, confidence, 3);
    }

    [Fact]
    public void A_space_that_won_is_not_doubled()
    {
        var probabilities = Frames([0.1f, 0.9f, 0, 0], [0.6f, 0, 0, 0.4f], [0.1f, 0, 0, 0.9f], [0.1f, 0, 0.9f, 0]);

        Assert.Equal("a b", CtcDecoder.Decode(probabilities, 4, 4, Characters).Text);
    }

    /// <summary>Frames for a sequence of characters ('a' or 'b'), each won by a frame of its own after a blank frame whose space class is given.</summary>
    private static float[] Line(params (char Character, float SpaceBefore)[] characters)
        => [.. characters.SelectMany(c => new[] { 1 - c.SpaceBefore, 0, 0, c.SpaceBefore, 0.1f, c.Character == 'a' ? 0.9f : 0, c.Character == 'b' ? 0.9f : 0, 0 })];

    [Fact]
    public void A_weak_space_that_stands_out_over_the_lines_letter_gaps_is_kept_as_on_a_perspective_photo()
    {
        // Measured on keystone renders: 0.005-0.05 at missed spaces, at most 0.005 inside words.
        var probabilities = Line(('a', 0), ('b', 0.0005f), ('a', 0.001f), ('b', 0.02f), ('a', 0.0005f), ('b', 0.012f), ('a', 0));

        Assert.Equal("aba ba ba", CtcDecoder.Decode(probabilities, 14, 4, Characters).Text);
    }

    [Fact]
    public void A_line_whose_space_class_is_raised_at_every_gap_is_not_split_into_letters()
    {
        var probabilities = Line(('a', 0), ('b', 0.02f), ('a', 0.03f), ('b', 0.02f), ('a', 0.025f), ('b', 0.02f));

        Assert.Equal("ababab", CtcDecoder.Decode(probabilities, 12, 4, Characters).Text);
    }

    [Fact]
    public void A_gap_below_the_weak_space_level_is_no_space_however_low_the_line()
    {
        var probabilities = Line(('a', 0), ('b', 0), ('a', 0.008f), ('b', 0), ('a', 0));

        Assert.Equal("ababa", CtcDecoder.Decode(probabilities, 10, 4, Characters).Text);
    }

    [Fact]
    public void No_weak_space_is_put_next_to_an_underscore_whose_blank_paper_above_raises_the_space_class()
    {
        // Classes: 0 blank, 1 "a", 2 "_", 3 space; as "MAX_BATCH" on the tight monospace renders.
        var characters = CharacterDictionary.FromCharacters(["a", "_"]);
        float[] Gap(float space) => [1 - space, 0, 0, space];
        float[] A = [0.1f, 0.9f, 0, 0];
        float[] Underscore = [0.1f, 0, 0.9f, 0];
        var probabilities = Frames(A, Gap(0.001f), A, Gap(0.001f), A, Gap(0.02f), Underscore, Gap(0.001f), A, Gap(0.001f), A);

        Assert.Equal("aaa_aa", CtcDecoder.Decode(probabilities, 11, 4, characters).Text);
    }
}
