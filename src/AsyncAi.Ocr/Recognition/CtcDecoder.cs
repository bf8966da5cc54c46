using System.Text;

namespace AsyncAi.Ocr;

/// <summary>
/// Greedy CTC decoding: take the most likely class at each time step, merge repeats, drop blanks. The confidence is
/// the mean probability of the kept characters.
/// </summary>
/// <remarks>
/// PaddleOCR's Chinese/English recogniser often lets the blank win over the space between two Latin words
/// (<c>Invoice2026</c>), yet the space class still rises there. On upright renders its highest probability between
/// two characters was 0.09-0.46 at such missed spaces; on perspective photos (keystone 15-25 degrees, where glyphs
/// lean and the far end is condensed) it fell to 0.005-0.05 at missed spaces, while inside words it stayed at or
/// below 0.005 (7,635 letter gaps of the accuracy set and the keystone renders, issue 29). So a space is put
/// between two characters when no space won in between but the space class reached
/// <see cref="MissedSpaceProbability"/>, or reached <see cref="WeakSpaceProbability"/> between two letters or digits
/// and stood out at least <see cref="WeakSpaceOverLineLevel"/> times over the line's median gap (most gaps are
/// inside words, so a line whose space class is raised everywhere is not split into letters). Weak spaces are not
/// put next to punctuation: beside an underscore or a full stop, whose ink lies low, the recogniser sees blank
/// paper and its space class rises inside a word (<c>MAX _BATCH</c> on the tight monospace renders).
/// </remarks>
internal static class CtcDecoder
{
    /// <summary>A gap whose space class reached this is a space (measured on upright text, issue 17).</summary>
    public const float MissedSpaceProbability = 0.05f;

    /// <summary>A gap whose space class reached this may be a space: twice the highest level measured inside words.</summary>
    public const float WeakSpaceProbability = 0.01f;

    /// <summary>A weak space must be this many times the line's median gap level.</summary>
    public const float WeakSpaceOverLineLevel = 10f;

    public static (string Text, float Confidence) Decode(ReadOnlySpan<float> probabilities, int timeSteps, int classes, CharacterDictionary dictionary)
    {
        // First pass: the characters that won, and for each the space class's highest level in the blanks before it.
        var characters = new List<(int Class, float SpaceBefore)>();
        double confidence = 0;
        var kept = 0;
        var previous = -1;
        var space = classes == dictionary.ClassCount ? classes - 1 : -1;
        float spaceSinceLast = 0;
        for (var t = 0; t < timeSteps; t++)
        {
            var step = probabilities.Slice(t * classes, classes);
            var best = 0;
            var bestProbability = step[0];
            for (var c = 1; c < classes; c++)
            {
                if (step[c] > bestProbability)
                {
                    best = c;
                    bestProbability = step[c];
                }
            }

            if (best != 0 && best != previous)
            {
                characters.Add((best, spaceSinceLast));
                confidence += bestProbability;
                kept++;
                spaceSinceLast = 0;
            }
            else if (space >= 0 && best == 0)
            {
                spaceSinceLast = Math.Max(spaceSinceLast, step[space]);
            }

            previous = best;
        }

        // The gaps between two characters with no space that won: their median is the line's in-word level.
        var gaps = new List<float>(characters.Count);
        for (var i = 1; i < characters.Count; i++)
        {
            if (characters[i].Class != space && characters[i - 1].Class != space)
            {
                gaps.Add(characters[i].SpaceBefore);
            }
        }

        gaps.Sort();
        var lineLevel = gaps.Count == 0 ? 0f : gaps[gaps.Count / 2];
        var text = new StringBuilder(characters.Count + 8);
        var last = string.Empty;
        foreach (var (c, spaceBefore) in characters)
        {
            var character = dictionary[c];
            if (c != space && text.Length > 0 && text[^1] != ' ' && IsMissedSpace(spaceBefore, lineLevel, last, character))
            {
                text.Append(' ');
            }

            text.Append(character);
            last = character;
        }

        return (text.ToString(), kept == 0 ? 0f : (float)(confidence / kept));
    }

    private static bool IsMissedSpace(float spaceBefore, float lineLevel, string before, string after)
        => spaceBefore >= MissedSpaceProbability
            || (spaceBefore >= WeakSpaceProbability
                && spaceBefore >= WeakSpaceOverLineLevel * lineLevel
                && IsLetterOrDigit(before)
                && IsLetterOrDigit(after));

    private static bool IsLetterOrDigit(string character) => character.Length > 0 && character.All(char.IsLetterOrDigit);
}
