namespace AsyncAi.Client.Tests.Support;

/// <summary>Generous bounds for waiting on asynchronous work; a test never asserts on how fast it was.</summary>
internal static class Within
{
    public static CancellationToken Generous() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
