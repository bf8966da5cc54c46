using System.Text;

namespace AsyncAi.Ocr;

/// <summary>
/// Greedy CTC decoding: take the most likely class at each time step, merge repeats, drop blanks. The confidence is
/// the mean probability of the kept characters.
/// </summary>
/// <remarks>
/// PaddleOCR's Chinese/English recogniser often lets the blank win over the space between two Latin words
/// (<c>Invoice2026</c>), yet the space class still rises there: measured on rendered text, its highest
/// probability between two characters was 0.09-0.46 at such missed spaces and below 0.03 inside words. So a space
/// is put between two characters when no space won in between but the space class reached
/// <see cref="MissedSpaceProbability"/>.
/// </remarks>
internal static class CtcDecoder
{
    public const float MissedSpaceProbability = 0.05f;

    public static (string Text, float Confidence) Decode(ReadOnlySpan<float> probabilities, int timeSteps, int classes, CharacterDictionary dictionary)
    {
        var text = new StringBuilder();
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
                if (best != space && spaceSinceLast >= MissedSpaceProbability && text.Length > 0 && text[^1] != ' ')
                {
                    text.Append(' ');
                }

                text.Append(dictionary[best]);
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

        return (text.ToString(), kept == 0 ? 0f : (float)(confidence / kept));
    }
}
