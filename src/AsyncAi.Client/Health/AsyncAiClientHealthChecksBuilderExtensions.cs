using AsyncAi.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the producer role's health check: <c>services.AddHealthChecks().AddAsyncAiClient()</c>.</summary>
public static class AsyncAiClientHealthChecksBuilderExtensions
{
    /// <summary>The name the response-queue listener's check is registered under.</summary>
    public const string ListenerReceiving = "asyncai-client-listener-receiving";

    /// <summary>
    /// Adds the response-queue listener's health check as <see cref="ListenerReceiving"/>, tagged <c>asyncai</c>:
    /// unhealthy when the listener is not running or its receives keep failing, degraded without a recent receive.
    /// Needs <c>AddAsyncAiClient</c>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="tags">Extra tags (for example <c>ready</c>).</param>
    public static IHealthChecksBuilder AddAsyncAiClient(this IHealthChecksBuilder builder, params string[] tags)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddCheck<AsyncAiClientHealthCheck>(ListenerReceiving, failureStatus: null, ["asyncai", .. tags]);
    }
}
