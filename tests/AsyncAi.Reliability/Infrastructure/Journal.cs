namespace AsyncAi.Reliability.Infrastructure;

/// <summary>The worker host's stdout journal, parsed (see the host's Journal.cs for the line formats).</summary>
internal static class WorkerJournal
{
    public static bool IsRun(string line) => line.StartsWith("RUN ", StringComparison.Ordinal);

    public static bool IsEnd(string line) => line.StartsWith("END ", StringComparison.Ordinal);

    public static IEnumerable<JournalRun> Runs(HostProcess worker) =>
        worker.Lines.Where(IsRun).Select(l => l.Split(' ')).Select(f => new JournalRun(worker.Name, f[1], int.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture)));

    public static IEnumerable<(string JobId, int Attempt, string Outcome, long AtMs)> Ends(HostProcess worker) =>
        worker.Lines.Where(IsEnd).Select(l => l.Split(' ')).Select(f => (f[1], int.Parse(f[2], CultureInfo.InvariantCulture), f[3], long.Parse(f[4], CultureInfo.InvariantCulture)));

    public static long? StoppingAt(HostProcess worker) =>
        worker.Lines.FirstOrDefault(l => l.StartsWith("STOPPING ", StringComparison.Ordinal)) is { } line ? long.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture) : null;

    /// <summary>(time, live bytes after a full GC) samples.</summary>
    public static IReadOnlyList<(long AtMs, long LiveBytes)> Heap(HostProcess worker) =>
        worker.Lines.Where(l => l.StartsWith("HEAP ", StringComparison.Ordinal)).Select(l => l.Split(' '))
            .Select(f => (long.Parse(f[1], CultureInfo.InvariantCulture), long.Parse(f[2], CultureInfo.InvariantCulture))).ToList();
}

/// <summary>One handler start, as the worker journal reports it.</summary>
internal sealed record JournalRun(string Worker, string JobId, int Attempt, long AtMs);
