using AsyncAi.Aws.Batching;

namespace AsyncAi.Aws.Tests.Batching;

public sealed class SqsBatchPlannerTests
{
    [Fact]
    public void Twenty_five_small_entries_make_batches_of_10_10_and_5_in_order()
    {
        var batches = SqsBatchPlanner.Plan(Enumerable.Range(0, 25), _ => 100);

        Assert.Equal([10, 10, 5], batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, 25), batches.SelectMany(b => b));
    }

    [Fact]
    public void A_batch_is_closed_before_it_would_pass_1_MiB()
    {
        const int size = 400 * 1024;
        var batches = SqsBatchPlanner.Plan(Enumerable.Range(0, 5), _ => size);

        Assert.Equal([2, 2, 1], batches.Select(b => b.Count));
        Assert.All(batches, b => Assert.True(b.Count * size <= 1024 * 1024));
    }

    [Fact]
    public void Entries_of_exactly_the_limit_each_get_a_batch()
    {
        var batches = SqsBatchPlanner.Plan(new[] { 1024 * 1024, 1, 1024 * 1024 }, s => s);

        Assert.Equal([1, 1, 1], batches.Select(b => b.Count));
    }

    [Fact]
    public void An_entry_larger_than_a_whole_batch_is_an_error_naming_its_size()
    {
        var error = Assert.Throws<ArgumentException>(() => SqsBatchPlanner.Plan(new[] { 10, 1024 * 1024 + 1 }, s => s));

        Assert.Contains("1048577", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_entries_make_no_batches() => Assert.Empty(SqsBatchPlanner.Plan(Array.Empty<int>(), _ => 1));
}
