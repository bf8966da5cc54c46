namespace AsyncAi.Ocr;

/// <summary>
/// How one image's regions are run: in batches of the model's batch size, and the batches in waves of at most
/// <c>maxRegionsInFlight</c> regions, each wave finished before the next starts. Without waves every region's
/// tensor of a page with thousands of regions would be allocated at once. Order within and across batches is kept,
/// so the batches (and the results) are the same as without waves.
/// </summary>
internal static class RegionWaves
{
    /// <summary>The waves, each a list of batches of region indexes, in <paramref name="order"/>.</summary>
    public static IEnumerable<int[][]> Plan(int[] order, int batchSize, int maxRegionsInFlight)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRegionsInFlight, batchSize);
        var batchesPerWave = maxRegionsInFlight / batchSize;
        return order.Chunk(batchSize).Chunk(batchesPerWave);
    }
}
