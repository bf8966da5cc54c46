using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// Opens a session on the first execution provider of the <see cref="OnnxProviderPlan"/> that really works, trying
/// them in the order the options list them. Listing a provider in <c>GetAvailableProviders()</c> only says the
/// binary was built with it, so each provider is appended, the session created and a test run made (by the
/// caller's probe: the warm-up) before it is trusted.
/// </summary>
internal sealed class OnnxSessionFactory(ILogger logger)
{
    public OnnxSession Create(string modelName, string path, OnnxModelOptions options, Action<InferenceSession> probe)
    {
        NativeRuntime.EnsureLoaded();
        var plan = OnnxProviderPlan.For(options);
        var failures = new List<string>();
        Exception? lastError = null;
        Exception? cpuError = null;
        for (var i = 0; i < plan.Attempts.Count; i++)
        {
            var provider = plan.Attempts[i];
            var sessionOptions = CreateSessionOptions(options);
            InferenceSession? session = null;
            try
            {
                if (provider.IsGpu)
                {
                    sessionOptions.AppendExecutionProvider_CUDA(provider.DeviceId);
                }

                session = new InferenceSession(path, sessionOptions);
                probe(session);
                // Loud on purpose: a worker quietly running on a less preferred provider (above all, a GPU worker
                // on its CPU) is slow and costly.
                if (provider == OnnxExecutionProvider.Cpu && plan.CpuIsImplicitFallback)
                {
                    OnnxLog.LastResortCpu(logger, modelName, string.Join("; ", failures));
                }
                else if (failures.Count > 0)
                {
                    OnnxLog.ProviderFallback(logger, modelName, provider.ToString(), string.Join("; ", failures));
                }

                return new OnnxSession(session, sessionOptions, provider);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OnnxRuntimeMissingException)
            {
                session?.Dispose();
                sessionOptions.Dispose();
                lastError = ex;
                if (!provider.IsGpu)
                {
                    cpuError = ex;
                }

                failures.Add($"{provider}: {ex.GetBaseException().Message}");
                if (i < plan.Attempts.Count - 1)
                {
                    OnnxLog.ProviderFailed(logger, ex, modelName, provider.ToString());
                }
            }
        }

        if (options.RequireGpu)
        {
            throw new OnnxGpuUnavailableException(
                $"ONNX model '{modelName}' requires a GPU (RequireGpu) but no GPU execution provider could be loaded: {string.Join("; ", failures)}. " +
                "Reference Microsoft.ML.OnnxRuntime.Gpu and install CUDA and cuDNN, or unset RequireGpu to allow the CPU.",
                lastError);
        }

        // Where the CPU failed too, the model itself is at fault, so its error is the one to report.
        var decisive = cpuError ?? lastError!;
        if (decisive is OnnxRuntimeException runtimeError)
        {
            throw new OnnxModelLoadException($"ONNX Runtime cannot load '{path}': {runtimeError.Message}", permanent: true, runtimeError);
        }

        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(decisive);
        throw decisive; // Unreachable: Throw above never returns.
    }

    private static SessionOptions CreateSessionOptions(OnnxModelOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        };
        if (options.IntraOpThreads is { } threads)
        {
            sessionOptions.IntraOpNumThreads = threads;
        }

        return sessionOptions;
    }
}

/// <summary>A session with the options it was made from and the provider it runs on; disposes both.</summary>
internal sealed class OnnxSession(InferenceSession session, SessionOptions options, OnnxExecutionProvider provider) : IDisposable
{
    public InferenceSession Session { get; } = session;

    public OnnxExecutionProvider Provider { get; } = provider;

    public void Dispose()
    {
        Session.Dispose();
        options.Dispose();
    }
}
