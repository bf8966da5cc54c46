using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi.Reliability.Infrastructure;

/// <summary>The figures one scenario run produced; written to artifacts/reliability/summary.json and summary.md.</summary>
internal sealed record ScenarioReport
{
    public required string Scenario { get; init; }

    public string Profile { get; init; } = ReliabilityProfile.Current.Name;

    public int Sent { get; init; }

    public int Completed { get; init; }

    public int Lost { get; init; }

    public int Duplicated { get; init; }

    /// <summary>Handler runs beyond one per job (crash recovery, retries, redelivery).</summary>
    public int ReRuns { get; init; }

    public int DeadLettered { get; init; }

    public double? RecoveryMs { get; init; }

    public double? JobsPerSecond { get; init; }

    /// <summary>Live heap after a forced full GC, per worker, as "first → last (max)" MiB after warm-up.</summary>
    public string? Memory { get; init; }

    public double WallSeconds { get; init; }

    public string Notes { get; init; } = "";

    public DateTimeOffset RunAt { get; init; } = DateTimeOffset.UtcNow;
}

/// <summary>Keeps the latest report of each scenario and renders the table docs/reliability.md shows.</summary>
internal static class ReliabilitySummary
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private static readonly Lock Gate = new();

    private static string JsonPath => Path.Combine(RepositoryPaths.Artifacts, "summary.json");

    private static string MarkdownPath => Path.Combine(RepositoryPaths.Artifacts, "summary.md");

    public static void Record(ScenarioReport report)
    {
        lock (Gate)
        {
            var all = File.Exists(JsonPath)
                ? JsonSerializer.Deserialize<List<ScenarioReport>>(File.ReadAllText(JsonPath), Json) ?? []
                : [];
            all.RemoveAll(r => r.Scenario == report.Scenario && r.Profile == report.Profile);
            all.Add(report);
            all.Sort((a, b) => string.CompareOrdinal(a.Profile + a.Scenario, b.Profile + b.Scenario));
            File.WriteAllText(JsonPath, JsonSerializer.Serialize(all, Json));
            File.WriteAllText(MarkdownPath, Render(all));
        }
    }

    public static string Render(IEnumerable<ScenarioReport> reports)
    {
        var text = new StringBuilder();
        foreach (var profile in reports.GroupBy(r => r.Profile))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Profile **{profile.Key}**, run {profile.Max(r => r.RunAt):yyyy-MM-dd HH:mm} UTC, total scenario wall time {profile.Sum(r => r.WallSeconds):0} s.");
            text.AppendLine();
            text.AppendLine("| scenario | sent | completed | lost | duplicated | re-runs | dead-lettered | recovery | jobs/s | live heap after full GC (MiB) | wall | notes |");
            text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |");
            foreach (var r in profile)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {r.Scenario} | {r.Sent} | {r.Completed} | {r.Lost} | {r.Duplicated} | {r.ReRuns} | {r.DeadLettered} | {(r.RecoveryMs is { } ms ? $"{ms / 1000:0.0} s" : "")} | {(r.JobsPerSecond is { } jps ? jps.ToString("0", CultureInfo.InvariantCulture) : "")} | {r.Memory} | {r.WallSeconds:0} s | {r.Notes.Replace("|", "\\|", StringComparison.Ordinal)} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
