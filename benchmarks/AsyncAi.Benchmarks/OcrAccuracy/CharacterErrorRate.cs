namespace AsyncAi.Benchmarks.OcrAccuracy;

/// <summary>Character error rate: the edit (Levenshtein) distance from the expected text, over its length.</summary>
internal static class CharacterErrorRate
{
    /// <summary>Trims each line, collapses runs of spaces and drops empty lines, so only reading differences count.</summary>
    public static string Normalize(string text) => string.Join('\n', text.ReplaceLineEndings("\n").Split('\n')
        .Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        .Where(l => l.Length > 0));

    public static int Distance(string expected, string actual)
    {
        var previous = new int[actual.Length + 1];
        var current = new int[actual.Length + 1];
        for (var j = 0; j <= actual.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= expected.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= actual.Length; j++)
            {
                var substitution = previous[j - 1] + (expected[i - 1] == actual[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[actual.Length];
    }
}
