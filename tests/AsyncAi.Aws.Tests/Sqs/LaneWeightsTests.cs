using AsyncAi.Aws.Sqs;

namespace AsyncAi.Aws.Tests.Sqs;

/// <summary>Which lane a receive asks first: shares follow the weights, picks are spread, and no lane starves.</summary>
public sealed class LaneWeightsTests
{
    private const int Receives = 10_000;

    [Theory]
    [InlineData(new[] { 8, 3, 1 })]
    [InlineData(new[] { 1, 1 })]
    [InlineData(new[] { 1000, 1 })]
    [InlineData(new[] { 5 })]
    public void Each_lane_is_asked_first_in_proportion_to_its_weight(int[] weights)
    {
        var counts = Simulate(weights, Receives, out _);

        var total = weights.Sum();
        for (var lane = 0; lane < weights.Length; lane++)
        {
            var expected = (double)Receives * weights[lane] / total;
            Assert.InRange(counts[lane], Math.Floor(expected) - 1, Math.Ceiling(expected) + 1);
        }
    }

    [Theory]
    [InlineData(new[] { 8, 3, 1 })]
    [InlineData(new[] { 1000, 1 })]
    [InlineData(new[] { 20, 1, 1, 1 })]
    public void No_lane_waits_longer_than_its_fair_gap_over_10000_receives(int[] weights)
    {
        Simulate(weights, Receives, out var longestGaps);

        var total = weights.Sum();
        for (var lane = 0; lane < weights.Length; lane++)
        {
            // Smooth weighted round robin spreads a lane's picks evenly: about total / weight receives apart, never far more.
            var fairGap = (int)Math.Ceiling((double)total / weights[lane]);
            Assert.True(longestGaps[lane] <= fairGap + 1, $"lane {lane} (weight {weights[lane]}) waited {longestGaps[lane]} receives; its fair gap is {fairGap}");
        }
    }

    [Theory]
    [InlineData(3, 0.05)]
    [InlineData(2, 0.01)]
    [InlineData(5, 0.2)]
    public void Strict_priority_asks_the_first_lane_first_except_for_each_lower_lane_minimum_share(int lanes, double minimumShare)
    {
        var weights = LaneWeights.ForStrictPriority(lanes, minimumShare);
        var counts = Simulate(weights, Receives, out var longestGaps);

        for (var lane = 1; lane < lanes; lane++)
        {
            Assert.True(counts[lane] >= (minimumShare * Receives) - 1, $"lane {lane} went first {counts[lane]} times, below its share {minimumShare}");
            Assert.True(longestGaps[lane] <= (int)Math.Ceiling(1 / minimumShare) + 1, $"lane {lane} waited {longestGaps[lane]} receives");
        }

        Assert.True(counts[0] >= counts.Skip(1).Max(), "the first lane goes first most often");
    }

    [Fact]
    public void When_the_lanes_are_weighed_equally_the_higher_lane_wins_the_tie()
    {
        var turns = new long[2];
        Assert.Equal(0, LaneWeights.Next(turns, [1, 1]));
        Assert.Equal(1, LaneWeights.Next(turns, [1, 1]));
    }

    [Fact]
    public void A_minimum_share_above_an_equal_share_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LaneWeights.ForStrictPriority(3, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LaneWeights.ForStrictPriority(3, 0));
    }

    /// <summary>
    /// 10,000 receives of a worker whose lanes are all full, as the loop makes them: each asks the lane the weights
    /// pick first, and takes its messages there.
    /// </summary>
    private static int[] Simulate(int[] weights, int receives, out int[] longestGaps)
    {
        var turns = new long[weights.Length];
        var counts = new int[weights.Length];
        var last = Enumerable.Repeat(-1, weights.Length).ToArray();
        longestGaps = new int[weights.Length];
        for (var receive = 0; receive < receives; receive++)
        {
            var lane = LaneWeights.Next(turns, weights);
            counts[lane]++;
            longestGaps[lane] = Math.Max(longestGaps[lane], receive - last[lane]);
            last[lane] = receive;
        }

        for (var lane = 0; lane < weights.Length; lane++)
        {
            // The tail counts too: a lane never picked again after its last pick would be starved.
            longestGaps[lane] = Math.Max(longestGaps[lane], receives - last[lane]);
        }

        return counts;
    }
}
