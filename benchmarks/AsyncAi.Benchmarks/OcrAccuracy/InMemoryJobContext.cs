using System.Security.Cryptography;
using System.Text.Json;
using AsyncAi;

namespace AsyncAi.Benchmarks.OcrAccuracy;

/// <summary>A job as the OCR handler sees it: one input from memory, outputs kept in memory.</summary>
internal sealed class InMemoryJobContext(IServiceProvider services, string jobType, string inputName, byte[] input) : IJobContext, IJobOutputWriter
{
    private readonly List<JobOutput> _written = [];

    public Dictionary<string, byte[]> Files { get; } = [];

    public JobId JobId { get; } = JobId.New();

    public string JobType { get; } = jobType;

    public int Attempt => 1;

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    public DateTimeOffset? Deadline => null;

    public string? Owner => null;

    public IReadOnlyCollection<string> InputNames => [inputName];

    public JsonElement? Parameters => null;

    public IReadOnlyDictionary<string, string> Metadata { get; } = new Dictionary<string, string>();

    public IServiceProvider Services { get; } = services;

    public CancellationToken CancellationToken => CancellationToken.None;

    public IJobOutputWriter Outputs => this;

    public IReadOnlyList<JobOutput> Written => _written;

    public Task<Stream> OpenInputAsync(string name, CancellationToken cancellationToken = default)
        => name == inputName
            ? Task.FromResult<Stream>(new MemoryStream(input, writable: false))
            : throw new JobInputMissingException(name, $"The job has no input '{name}'.");

    public ValueTask ReportProgressAsync(double fraction, string? message = null, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async Task<JobOutput> WriteAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        return await WriteAsync(name, copy.ToArray(), contentType, cancellationToken);
    }

    public Task<JobOutput> WriteAsync(string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        lock (_written)
        {
            Files[name] = content.ToArray();
            var output = new JobOutput
            {
                Name = name,
                Location = new ObjectReference("memory", name),
                SizeBytes = content.Length,
                ContentType = contentType,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span)),
            };
            _written.Add(output);
            return Task.FromResult(output);
        }
    }
}
