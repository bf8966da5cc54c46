using System.Security.Cryptography;
using AsyncAi.Aws.Storage;

namespace AsyncAi.Testing;

/// <summary>Writes a job's outputs into the in-memory store under the job's outputs folder, hashing each as the real writer does.</summary>
internal sealed class InMemoryJobOutputWriter(InMemoryObjectStore store, ObjectReference jobPrefix) : IJobOutputWriter
{
    private readonly Lock _gate = new();
    private readonly List<JobOutput> _written = [];

    public IReadOnlyList<JobOutput> Written
    {
        get
        {
            lock (_gate)
            {
                return [.. _written];
            }
        }
    }

    public async Task<JobOutput> WriteAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return await WriteAsync(name, buffer.ToArray(), contentType, cancellationToken).ConfigureAwait(false);
    }

    public Task<JobOutput> WriteAsync(string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        cancellationToken.ThrowIfCancellationRequested();
        var location = new ObjectReference(jobPrefix.Bucket, JobFolder.Of(jobPrefix).OutputKey(name));
        lock (_gate)
        {
            if (_written.Any(o => string.Equals(o.Name, name, StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"The output '{name}' was already written by this job.");
            }
        }

        store.Put(location, content, contentType);
        var output = new JobOutput
        {
            Name = name,
            Location = location,
            SizeBytes = content.Length,
            ContentType = contentType,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(content.Span)),
        };

        lock (_gate)
        {
            _written.Add(output);
        }

        return Task.FromResult(output);
    }
}
