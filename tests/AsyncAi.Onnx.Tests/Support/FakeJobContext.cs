using System.Collections.Concurrent;
using System.Text.Json;

namespace AsyncAi.Onnx.Tests;

/// <summary>A job as a handler sees it, with inputs from memory and outputs kept in memory.</summary>
internal sealed class FakeJobContext(IServiceProvider services, string jobType, IReadOnlyDictionary<string, byte[]> inputs) : IJobContext
{
    private readonly InMemoryOutputs _outputs = new();

    public JobId JobId { get; } = JobId.New();

    public string JobType { get; } = jobType;

    public int Attempt => 1;

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UnixEpoch;

    public DateTimeOffset? Deadline => null;

    public string? Owner => null;

    public IReadOnlyCollection<string> InputNames => [.. inputs.Keys];

    public JsonElement? Parameters => null;

    public IReadOnlyDictionary<string, string> Metadata { get; } = new Dictionary<string, string>();

    public IServiceProvider Services { get; } = services;

    public CancellationToken CancellationToken => CancellationToken.None;

    public IJobOutputWriter Outputs => _outputs;

    public IReadOnlyDictionary<string, byte[]> WrittenFiles => _outputs.Files;

    public Task<Stream> OpenInputAsync(string name, CancellationToken cancellationToken = default)
        => inputs.TryGetValue(name, out var bytes)
            ? Task.FromResult<Stream>(new MemoryStream(bytes, writable: false))
            : throw new JobInputMissingException(name, $"The job has no input '{name}'.");

    public ValueTask ReportProgressAsync(double fraction, string? message = null, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    private sealed class InMemoryOutputs : IJobOutputWriter
    {
        private readonly ConcurrentQueue<JobOutput> _written = new();

        public ConcurrentDictionary<string, byte[]> Files { get; } = new();

        public IReadOnlyList<JobOutput> Written => [.. _written];

        public async Task<JobOutput> WriteAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default)
        {
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy, cancellationToken);
            return await WriteAsync(name, copy.ToArray(), contentType, cancellationToken);
        }

        public Task<JobOutput> WriteAsync(string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
        {
            StorageNames.ValidateFileName(name);
            Files[name] = content.ToArray();
            var output = new JobOutput
            {
                Name = name,
                Location = new ObjectReference("bucket", "jobs/" + name),
                SizeBytes = content.Length,
                ContentType = contentType,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span)),
            };
            _written.Enqueue(output);
            return Task.FromResult(output);
        }
    }
}
