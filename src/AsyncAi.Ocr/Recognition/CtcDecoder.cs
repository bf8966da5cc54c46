using System.Text;

namespace AsyncAi.Ocr;

/// <summary>
/// Greedy CTC decoding: take the most likely class at each time step, merge repeats, drop blanks. The confidence is
/// the mean probability of the kept characters.
/// </summary>
internal static class CtcDecoder
{
    public static (string Text, float Confidence) Decode(ReadOnlySpan<float> probabilities, int timeSteps, int classes, CharacterDictionary dictionary)
    {
        var text = new StringBuilder();
        double confidence = 0;
        var kept = 0;
        var previous = -1;
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
                text.Append(dictionary[best]);
                confidence += bestProbability;
                kept++;
            }

            previous = best;
        }

        return (text.ToString(), kept == 0 ? 0f : (float)(confidence / kept));
    }
}
