using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi.Reliability.WorkerHost;

// Shared by the worker host and the suite (linked into AsyncAi.Reliability): the job types the host runs and
// their parameters, so that what the suite publishes and what the host reads cannot drift apart.

/// <summary>The job types the reliability worker host registers.</summary>
internal static class JobTypes
{
    /// <summary>Does nothing and writes nothing.</summary>
    public const string NoOp = "noop";

    /// <summary>Sleeps <see cref="SleepParameters.Ms"/>, honouring cancellation unless told not to.</summary>
    public const string Sleep = "sleep";

    /// <summary>Writes one output whose bytes follow from the job id (see <see cref="OutputContent"/>).</summary>
    public const string Checksum = "checksum";

    /// <summary>Copies its input <c>source</c> to the output <c>copy.bin</c>.</summary>
    public const string CopyInput = "copy-input";

    /// <summary>Throws a retryable exception on every attempt.</summary>
    public const string AlwaysRetryable = "always-retryable";

    /// <summary>Throws <c>NonRetryableJobException</c> with code <see cref="NonRetryableCode"/>.</summary>
    public const string NonRetryable = "non-retryable";

    /// <summary>The error code the non-retryable handler fails with.</summary>
    public const string NonRetryableCode = "poison_input";

    /// <summary>The output name of <see cref="Checksum"/> jobs.</summary>
    public const string ChecksumOutput = "data.bin";

    /// <summary>The input and output names of <see cref="CopyInput"/> jobs.</summary>
    public const string CopySource = "source";

    /// <summary>The output name of <see cref="CopyInput"/> jobs.</summary>
    public const string CopyOutput = "copy.bin";

    /// <summary>Decodes its input <see cref="ImageInput"/> with AsyncAi.Imaging and writes its size, <c>WxH</c>.</summary>
    public const string DecodeImage = "decode-image";

    /// <summary>The input name of <see cref="DecodeImage"/> jobs.</summary>
    public const string ImageInput = "image";

    /// <summary>The output name of <see cref="DecodeImage"/> jobs.</summary>
    public const string ImageSizeOutput = "size.txt";

    /// <summary>
    /// Waits for the ONNX model <see cref="ModelName"/> and writes its input names; registered only when the worker is
    /// configured with that model (<c>AsyncAi:Worker:Models:model</c>).
    /// </summary>
    public const string LoadModel = "load-model";

    /// <summary>The name of the model that <see cref="LoadModel"/> jobs wait for (also its configuration section).</summary>
    public const string ModelName = "model";

    /// <summary>The output name of <see cref="LoadModel"/> jobs.</summary>
    public const string ModelInputsOutput = "inputs.txt";
}

/// <summary>Parameters of <see cref="JobTypes.Sleep"/> jobs.</summary>
internal sealed record SleepParameters
{
    /// <summary>How long the first attempt sleeps.</summary>
    public int Ms { get; init; }

    /// <summary>How long later attempts sleep; <see cref="Ms"/> when unset.</summary>
    public int? RetryMs { get; init; }

    /// <summary>Keep sleeping when cancelled (a handler that ignores its token).</summary>
    public bool IgnoreCancellation { get; init; }
}

/// <summary>Parameters of <see cref="JobTypes.Checksum"/> jobs.</summary>
internal sealed record ChecksumParameters
{
    /// <summary>The output's size.</summary>
    public int Bytes { get; init; } = 256;

    /// <summary>How long the first attempt sleeps before writing (honouring cancellation).</summary>
    public int SleepMs { get; init; }

    /// <summary>How long later attempts sleep; <see cref="SleepMs"/> when unset.</summary>
    public int? RetrySleepMs { get; init; }
}

/// <summary>Source-generated JSON for the parameters (web defaults: camelCase).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SleepParameters))]
[JsonSerializable(typeof(ChecksumParameters))]
internal sealed partial class HostJsonContext : JsonSerializerContext;
