namespace AsyncAi.Worker.Onnx;

/// <summary>
/// The execution providers a model tries, in order, worked out from its options alone (no ONNX Runtime call):
/// <list type="bullet">
/// <item>the listed providers in the order listed, most preferred first, each once;</item>
/// <item>an empty list means the CPU only;</item>
/// <item>with <see cref="OnnxModelOptions.RequireGpu"/> only the GPU providers are tried, so the CPU is never used;</item>
/// <item>otherwise, when the list names no <c>cpu</c>, the CPU is added as the last resort, so a GPU worker whose
/// GPU fails still runs its jobs (slowly, with a warning) instead of failing them all.</item>
/// </list>
/// </summary>
internal sealed record OnnxProviderPlan(IReadOnlyList<OnnxExecutionProvider> Attempts, bool CpuIsImplicitFallback)
{
    public static OnnxProviderPlan For(OnnxModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ExecutionProviders.Count == 0)
        {
            return new([OnnxExecutionProvider.Cpu], CpuIsImplicitFallback: false);
        }

        var attempts = options.ExecutionProviders
            .Where(p => !options.RequireGpu || p.IsGpu)
            .Distinct()
            .ToList();
        var implicitCpu = !options.RequireGpu && !attempts.Contains(OnnxExecutionProvider.Cpu);
        if (implicitCpu)
        {
            attempts.Add(OnnxExecutionProvider.Cpu);
        }

        return new(attempts, implicitCpu);
    }
}
