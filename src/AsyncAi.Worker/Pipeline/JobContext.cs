using AsyncAi.WireFormat;
using System.Text.Json;

namespace AsyncAi.Worker.Pipeline;

/// <summary>The <see cref="IJobContext"/> of one attempt.</summary>
internal sealed class JobContext(
    JobMessage job,
    int attempt,
    IServiceProvider services,
    IJobFiles files,
    IJobOutputWriter outputs,
    Func<double, string?, ValueTask> reportProgress,
    CancellationToken jobToken) : IJobContext
{
    public JobId JobId => job.JobId;

    public string JobType => job.JobType;

    public int Attempt => attempt;

    public DateTimeOffset CreatedAt => job.CreatedAt;

    public DateTimeOffset? Deadline => job.Deadline;

    public string? Owner => job.Owner;

    public IReadOnlyCollection<string> InputNames => [.. job.Inputs.Keys];

    public JsonElement? Parameters => job.Parameters;

    public IReadOnlyDictionary<string, string> Metadata => job.Metadata;

    public IServiceProvider Services => services;

    public CancellationToken CancellationToken => jobToken;

    public IJobOutputWriter Outputs => outputs;

    public Task<Stream> OpenInputAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        return job.Inputs.ContainsKey(name)
            ? files.OpenInputAsync(job, name, cancellationToken)
            : throw new JobInputMissingException(name, $"The job has no input named '{name}'; it has: {string.Join(", ", job.Inputs.Keys)}.");
    }

    public ValueTask ReportProgressAsync(double fraction, string? message = null, CancellationToken cancellationToken = default)
    {
        if (double.IsNaN(fraction) || fraction < 0 || fraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "Progress is a fraction between 0 and 1.");
        }

        return reportProgress(fraction, message);
    }
}
