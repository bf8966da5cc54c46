namespace AsyncAi.Worker.Onnx;

/// <summary>
/// Counts of the model calls one model made and how many items each held. A histogram, not a list, so that a
/// worker running for months keeps a fixed amount of memory.
/// </summary>
public sealed class OnnxBatchStatistics
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<int, long> _batchSizes = [];
    private long _modelCalls;
    private long _items;

    /// <summary>How many times the model ran.</summary>
    public long ModelCalls
    {
        get
        {
            lock (_lock)
            {
                return _modelCalls;
            }
        }
    }

    /// <summary>How many items (rows along the batch dimension) the model processed.</summary>
    public long Items
    {
        get
        {
            lock (_lock)
            {
                return _items;
            }
        }
    }

    /// <summary>How many model calls held each batch size, smallest size first.</summary>
    public IReadOnlyDictionary<int, long> GetBatchSizeHistogram()
    {
        lock (_lock)
        {
            return new SortedDictionary<int, long>(_batchSizes);
        }
    }

    internal void Record(int batchSize)
    {
        lock (_lock)
        {
            _modelCalls++;
            _items += batchSize;
            _batchSizes[batchSize] = _batchSizes.GetValueOrDefault(batchSize) + 1;
        }
    }
}
