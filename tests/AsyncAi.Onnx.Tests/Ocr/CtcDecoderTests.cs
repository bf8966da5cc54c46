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
}
