using System.Text.Json.Serialization.Metadata;

namespace AsyncAi.Reliability.Infrastructure;

/// <summary>Publishes jobs through the SDK's own publisher, as a backend would.</summary>
internal static class Jobs
{
    public static async Task<IReadOnlyList<string>> PublishAsync<T>(Stage stage, string jobType, Func<int, T> parameters, JsonTypeInfo<T> typeInfo, int count)
    {
        var ids = new List<string>(count);
        for (var start = 0; start < count; start += 100)
        {
            var requests = Enumerable.Range(start, Math.Min(100, count - start))
                .Select(i => new JobRequest(jobType) { Parameters = JobParameters.From(parameters(i), typeInfo) })
                .ToList();
            var published = await stage.Publisher.PublishManyAsync(requests);
            ids.AddRange(published.Select(p => p.JobId.Value));
        }

        return ids;
    }

    public static async Task<IReadOnlyList<string>> PublishAsync(Stage stage, string jobType, int count)
    {
        var published = new List<string>(count);
        for (var start = 0; start < count; start += 100)
        {
            var batch = await stage.Publisher.PublishManyAsync(Enumerable.Range(start, Math.Min(100, count - start)).Select(_ => new JobRequest(jobType)));
            published.AddRange(batch.Select(p => p.JobId.Value));
        }

        return published;
    }
}
