using System.Text.Json;
using AsyncAi.WireFormat;

namespace AsyncAi.Testing;

/// <summary>What a handler gets for one in-memory attempt: the job message's fields, its DI scope, its outputs and progress reporting.</summary>
internal sealed class InMemoryJobContext(
    JobMessage message,
    int attempt,
    IServiceProvider services,
    IJobOutputWriter outputs,
    InMemoryObjectStore store,
    Func<double, string?, ValueTask> reportProgress,
    CancellationToken cancellationToken) : IJobContext
{
    public JobId JobId => message.JobId;

    public string JobType => message.JobType;

    public int Attempt { get; } = attempt;

    public DateTimeOffset CreatedAt => message.CreatedAt;

    public DateTimeOffset? Deadline => message.Deadline;

    public string? Owner => message.Owner;

    public IReadOnlyCollection<string> InputNames => [.. message.Inputs.Keys];

    public JsonElement? Parameters => message.Parameters;

    public IReadOnlyDictionary<string, string> Metadata => message.Metadata;

    public IServiceProvider Services { get; } = services;

    public CancellationToken CancellationToken { get; } = cancellationToken;

    public IJobOutputWriter Outputs { get; } = outputs;

    public Task<Stream> OpenInputAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        cancellationToken.ThrowIfCancellationRequested();
        if (!message.Inputs.TryGetValue(name, out var location))
        {
            throw new JobInputMissingException(name, $"The job has no input named '{name}'; it has: {string.Join(", ", message.Inputs.Keys)}.");
        }

        if (!store.TryGet(location, out var stored))
        {
            throw new JobInputMissingException(name, $"The input '{name}' at {location} does not exist.");
        }

        return Task.FromResult<Stream>(new MemoryStream(stored.Content, writable: false));
    }

    public ValueTask ReportProgressAsync(double fraction, string? message = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return reportProgress(fraction, message);
    }
}
