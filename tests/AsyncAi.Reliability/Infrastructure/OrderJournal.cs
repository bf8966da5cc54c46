namespace AsyncAi.Reliability.Infrastructure;

/// <summary>
/// The outbox-mode backend's ORDER lines (<c>ORDER seq jobId saved|commit|rollback</c>) over all of its processes:
/// diagnostics only, since a kill can fall between a commit and its line. It names the jobs the database must not
/// hold: rolled back, or saved by a process killed before its commit.
/// </summary>
internal sealed record OrderJournal(IReadOnlySet<string> Saved, IReadOnlySet<string> RolledBack)
{
    /// <summary>Every job id an order was written with.</summary>
    public IReadOnlySet<string> JobIds => Saved;

    public static OrderJournal Read(IEnumerable<HostProcess> backends)
    {
        var saved = new HashSet<string>(StringComparer.Ordinal);
        var rolledBack = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fields in backends.SelectMany(b => b.Lines).Where(l => l.StartsWith("ORDER ", StringComparison.Ordinal)).Select(l => l.Split(' ')))
        {
            (fields[3] == "rollback" ? rolledBack : saved).Add(fields[2]);
        }

        // A rolled-back order was saved first; its saved line may be the one a kill cut short.
        saved.UnionWith(rolledBack);
        return new OrderJournal(saved, rolledBack);
    }
}
