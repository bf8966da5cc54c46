using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// Opens a session on the most preferred execution provider that really works. Listing a provider in
/// <c>GetAvailableProviders()</c> only says the binary was built with it, so each GPU provider is appended, the
/// session created and a test run made (by the caller's probe: the warm-up) before it is trusted.
/// </summary>
internal sealed class OnnxSessionFactory(ILogger logger)
{
    public OnnxSession Create(string modelName, string path, OnnxModelOptions options, Action<InferenceSession> probe)
    {
        NativeRuntime.EnsureLoaded();
        var preferences = options.ExecutionProviders.Count == 0 ? [OnnxExecutionProvider.Cpu] : options.ExecutionProviders.ToList();
        var failures = new List<string>();
        Exception? lastGpuError = null;
        foreach (var provider in preferences.Where(p => p.IsGpu))
        {
            var sessionOptions = CreateSessionOptions(options);
            InferenceSession? session = null;
            try
            {
                sessionOptions.AppendExecutionProvider_CUDA(provider.DeviceId);
                session = new InferenceSession(path, sessionOptions);
                probe(session);
                if (failures.Count > 0)
                {
                    OnnxLog.ProviderFallback(logger, modelName, provider.ToString(), string.Join("; ", failures));
                }

                return new OnnxSession(session, sessionOptions, provider);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OnnxRuntimeMissingException)
            {
                session?.Dispose();
                sessionOptions.Dispose();
                lastGpuError = ex;
                failures.Add($"{provider}: {ex.GetBaseException().Message}");
                OnnxLog.ProviderFailed(logger, ex, modelName, provider.ToString());
            }
        }

        if (options.RequireGpu)
        {
            throw new OnnxGpuUnavailableException(
                $"ONNX model '{modelName}' requires a GPU (RequireGpu) but no GPU execution provider could be loaded: {string.Join("; ", failures)}. " +
                "Reference Microsoft.ML.OnnxRuntime.Gpu and install CUDA and cuDNN, or unset RequireGpu to allow the CPU.",
                lastGpuError);
        }

        if (failures.Count > 0)
        {
            // Loud on purpose: a GPU worker quietly running on its CPU is slow and costly.
            OnnxLog.ProviderFallback(logger, modelName, OnnxExecutionProvider.Cpu.ToString(), string.Join("; ", failures));
        }

        var cpuOptions = CreateSessionOptions(options);
        try
        {
            var cpuSession = new InferenceSession(path, cpuOptions);
            try
            {
                probe(cpuSession);
            }
            catch
            {
                cpuSession.Dispose();
                throw;
            }

            return new OnnxSession(cpuSession, cpuOptions, OnnxExecutionProvider.Cpu);
        }
        catch (OnnxRuntimeException ex)
        {
            cpuOptions.Dispose();
            throw new OnnxModelLoadException($"ONNX Runtime cannot load '{path}': {ex.Message}", permanent: true, ex);
        }
        catch
        {
            cpuOptions.Dispose();
            throw;
        }
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
