using Microsoft.Extensions.Logging.Testing;

namespace AsyncAi.AspNetCore.Tests.Support;

/// <summary>
/// Every log line of a <see cref="BackendApp"/>, Kestrel's and the hosting layer's included, down to Debug, in a
/// <see cref="FakeLogCollector"/>; and the hosting layer's "request finished" line as the sign that a request's
/// handler has returned (it is written after the application delegate and any error Kestrel logs about it).
/// </summary>
internal sealed class CapturedLogs : IDisposable
{
    private const string HostingCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";
    private const int RequestFinishedEventId = 2;

    private readonly FakeLoggerProvider _provider = new();

    public FakeLogCollector Collector => _provider.Collector;

    /// <summary>Pass as <c>services</c> to <see cref="BackendApp.StartAsync"/>.</summary>
    public void AddTo(IServiceCollection services) =>
        services.AddLogging(logging => logging.AddProvider(_provider).SetMinimumLevel(LogLevel.Debug));

    /// <summary>Waits until the request for a path whose end is <paramref name="pathEnd"/> has finished.</summary>
    public async Task WaitForRequestFinishedAsync(string pathEnd, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (!Collector.GetSnapshot().Any(r => r.Category == HostingCategory && r.Id.Id == RequestFinishedEventId && r.Message.Contains(pathEnd, StringComparison.Ordinal)))
        {
            try
            {
                await Task.Delay(50, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No request for {pathEnd} finished within {timeout}; logged:\n{Describe(Collector.GetSnapshot())}");
            }
        }
    }

    public void Dispose() => _provider.Dispose();

    public static string Describe(IEnumerable<FakeLogRecord> records) =>
        string.Join("\n", records.Select(r => $"{r.Level} {r.Category}[{r.Id.Id}]: {r.Message}{(r.Exception is null ? "" : " -- " + r.Exception.GetType().Name + ": " + r.Exception.Message)}"));
}
