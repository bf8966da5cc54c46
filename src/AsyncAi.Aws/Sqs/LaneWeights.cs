namespace AsyncAi.Aws.Sqs;

/// <summary>
/// Which lane (request queue) a receive asks first, as a pure function: smooth weighted round robin. Each lane is
/// asked first in proportion to its weight, the picks of the lanes are spread evenly (no lane waits more than about
/// sum/weight picks), and every lane with a weight of at least 1 is picked: the lowest lane is never starved.
/// </summary>
/// <remarks>
/// A receive that finds the lane it asked first empty asks the others in priority order, so weights only decide who
/// goes first when several lanes have work. Strict priority is the same function over <see cref="ForStrictPriority"/>:
/// the highest lane first nearly always, each lower lane first for its minimum share.
/// </remarks>
internal static class LaneWeights
{
    /// <summary>The lane to ask first, advancing <paramref name="current"/> (one running total per lane, all 0 at the start).</summary>
    /// <param name="current">The running totals, changed in place.</param>
    /// <param name="weights">Each lane's weight, highest priority first; every weight at least 1.</param>
    /// <returns>The index of the lane to ask first; on a tie, the higher-priority lane.</returns>
    public static int Next(Span<long> current, ReadOnlySpan<int> weights)
    {
        if (current.Length != weights.Length || weights.Length == 0)
        {
            throw new ArgumentException("One running total per lane, and at least one lane.", nameof(current));
        }

        long total = 0;
        var best = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            current[i] += weights[i];
            total += weights[i];
            if (current[i] > current[best])
            {
                best = i;
            }
        }

        current[best] -= total;
        return best;
    }

    /// <summary>
    /// Weights for strict priority with a floor: every lane below the first is asked first in at least
    /// <paramref name="minimumShare"/> of the receives, the first lane in the rest.
    /// </summary>
    /// <param name="lanes">How many lanes.</param>
    /// <param name="minimumShare">The share of first asks each lower lane keeps (more than 0, at most 1 / lanes).</param>
    public static int[] ForStrictPriority(int lanes, double minimumShare)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        if (minimumShare <= 0 || minimumShare > 1.0 / lanes)
        {
            throw new ArgumentOutOfRangeException(nameof(minimumShare), minimumShare, $"must be more than 0 and at most 1/{lanes}");
        }

        // Lower lanes weigh 1 each; the first lane weighs what leaves each of them its share (rounded down, so never less).
        var weights = new int[lanes];
        Array.Fill(weights, 1);
        weights[0] = Math.Max(1, (int)Math.Floor((1 - ((lanes - 1) * minimumShare)) / minimumShare));
        return weights;
    }
}
