using System.ComponentModel;
using System.Globalization;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// An ONNX Runtime execution provider to try, in a list ordered by preference. Written in configuration as
/// <c>"cuda"</c>, <c>"cuda:1"</c> or <c>"cpu"</c>.
/// </summary>
[TypeConverter(typeof(OnnxExecutionProviderConverter))]
public readonly record struct OnnxExecutionProvider
{
    private OnnxExecutionProvider(OnnxExecutionProviderKind kind, int deviceId)
    {
        Kind = kind;
        DeviceId = deviceId;
    }

    /// <summary>The CPU provider, which every ONNX Runtime build has.</summary>
    public static OnnxExecutionProvider Cpu { get; } = new(OnnxExecutionProviderKind.Cpu, 0);

    /// <summary>Which provider.</summary>
    public OnnxExecutionProviderKind Kind { get; }

    /// <summary>The GPU's device id; 0 for the CPU.</summary>
    public int DeviceId { get; }

    /// <summary>Whether this provider runs on a GPU.</summary>
    public bool IsGpu => Kind == OnnxExecutionProviderKind.Cuda;

    /// <summary>The CUDA provider on one GPU.</summary>
    /// <param name="deviceId">The CUDA device id, from 0.</param>
    public static OnnxExecutionProvider Cuda(int deviceId = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(deviceId);
        return new(OnnxExecutionProviderKind.Cuda, deviceId);
    }

    /// <summary>Reads <c>"cpu"</c>, <c>"cuda"</c> or <c>"cuda:N"</c>, in any case.</summary>
    /// <param name="value">The text.</param>
    /// <exception cref="FormatException">The text names no known provider.</exception>
    public static OnnxExecutionProvider Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Trim();
        if (text.Equals("cpu", StringComparison.OrdinalIgnoreCase))
        {
            return Cpu;
        }

        if (text.Equals("cuda", StringComparison.OrdinalIgnoreCase))
        {
            return Cuda(0);
        }

        if (text.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var deviceId))
        {
            return Cuda(deviceId);
        }

        throw new FormatException($"'{value}' is not an execution provider; use \"cpu\", \"cuda\" or \"cuda:<device id>\".");
    }

    /// <summary>The provider as configuration writes it: <c>cpu</c> or <c>cuda:N</c>.</summary>
    public override string ToString() => Kind == OnnxExecutionProviderKind.Cpu
        ? "cpu"
        : string.Create(CultureInfo.InvariantCulture, $"cuda:{DeviceId}");
}

/// <summary>The kinds of execution provider AsyncAi knows how to set up.</summary>
public enum OnnxExecutionProviderKind
{
    /// <summary>ONNX Runtime's default CPU provider.</summary>
    Cpu,

    /// <summary>NVIDIA CUDA; needs the <c>Microsoft.ML.OnnxRuntime.Gpu</c> package and CUDA/cuDNN on the machine.</summary>
    Cuda,
}

/// <summary>Lets configuration binding read providers from strings.</summary>
internal sealed class OnnxExecutionProviderConverter : TypeConverter
{
    public override bool CanConvertFrom(ITypeDescriptorContext? context, Type sourceType)
        => sourceType == typeof(string) || base.CanConvertFrom(context, sourceType);

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
        => value is string text ? OnnxExecutionProvider.Parse(text) : base.ConvertFrom(context, culture, value);
}
