using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AsyncAi;

/// <summary>Everything a handler gets for one job.</summary>
public interface IJobContext
{
    /// <summary>The job.</summary>
    JobId JobId { get; }

    /// <summary>The job type.</summary>
    string JobType { get; }

    /// <summary>Which attempt this is, starting at 1.</summary>
    int Attempt { get; }

    /// <summary>When the job was published.</summary>
    DateTimeOffset CreatedAt { get; }

    /// <summary>The deadline, if any.</summary>
    DateTimeOffset? Deadline { get; }

    /// <summary>The owner or tenant, if any.</summary>
    string? Owner { get; }

    /// <summary>The names of the job's inputs.</summary>
    IReadOnlyCollection<string> InputNames { get; }

    /// <summary>The raw JSON parameters.</summary>
    JsonElement? Parameters { get; }

    /// <summary>The request's metadata.</summary>
    IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The DI scope of this job.</summary>
    IServiceProvider Services { get; }

    /// <summary>Fires on worker shutdown, on a cancel request and at the job's deadline.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>Where the handler writes its outputs.</summary>
    IJobOutputWriter Outputs { get; }

    /// <summary>Reads the parameters as <typeparamref name="T"/>; a mismatch throws <see cref="InvalidJobParametersException"/>.</summary>
    /// <typeparam name="T">The parameter type.</typeparam>
    /// <param name="typeInfo">Source-generated metadata of <typeparamref name="T"/>.</param>
    T GetParameters<T>(JsonTypeInfo<T> typeInfo) => JobParameters.Read(Parameters, typeInfo);

    /// <summary>Opens a named input for streaming; a missing input throws <see cref="JobInputMissingException"/>.</summary>
    /// <param name="name">The input name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Stream> OpenInputAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Reports progress; the producer sees it as a <see cref="JobEventType.Progress"/> event.</summary>
    /// <param name="fraction">Between 0 and 1.</param>
    /// <param name="message">A short note on the stage, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    ValueTask ReportProgressAsync(double fraction, string? message = null, CancellationToken cancellationToken = default);
}
