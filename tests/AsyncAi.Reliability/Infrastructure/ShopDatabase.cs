using Microsoft.Data.Sqlite;

namespace AsyncAi.Reliability.Infrastructure;

/// <summary>
/// The outbox-mode backend's SQLite file, read by the suite: after kills it is the ground truth of what committed
/// (the backend's journal can miss the line of a commit that happened just before a kill). The AsyncAi tables are
/// read by their documented names and columns (docs/job-store.md), as an operator's query would.
/// </summary>
internal sealed class ShopDatabase(string path)
{
    public string Path { get; } = path;

    public bool Exists => File.Exists(Path);

    /// <summary>Committed orders: job id → the order's sequence number.</summary>
    public IReadOnlyDictionary<string, int> CommittedOrders() =>
        Query("SELECT job_id, seq FROM orders", r => (r.GetString(0), r.GetInt32(1))).ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    /// <summary>Rows waiting in the outbox (unsent, claimed or parked).</summary>
    public int OutboxRows() => Query("SELECT COUNT(*) FROM asyncai_outbox", r => r.GetInt32(0)).Single();

    /// <summary>The job store's state of every job it holds.</summary>
    public IReadOnlyDictionary<string, JobRecordStatus> JobStatuses() =>
        Query("SELECT job_id, status FROM asyncai_jobs", r => (r.GetString(0), (JobRecordStatus)r.GetInt32(1)))
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read)
    {
        // Read-only and unpooled: the suite must never write to the backend's file nor keep it open between checks.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
