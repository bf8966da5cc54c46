namespace AsyncAi.Worker.Storage;

/// <summary>The <see cref="IJobOutputWriter"/> a handler gets: every output goes under the job's own prefix.</summary>
internal sealed class JobOutputWriter(IOutputUploader uploader, JobId jobId, string? owner, ObjectReference jobPrefix, CancellationToken jobToken, string? uploadCredential = null) : IJobOutputWriter
{
    private readonly List<JobOutput> _written = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<JobOutput> Written
    {
        get
        {
            lock (_lock)
            {
                return [.. _written];
            }
        }
    }

    public async Task<JobOutput> WriteAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        StorageNames.ValidateFileName(name);
        lock (_lock)
        {
            if (_written.Exists(o => string.Equals(o.Name, name, StringComparison.Ordinal)))
            {
                throw new InvalidOperationException($"The output '{name}' was already written by this job.");
            }
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(jobToken, cancellationToken);
        var output = await uploader.UploadAsync(new JobOutputTarget(jobId, owner, jobPrefix, name, contentType, uploadCredential), content, linked.Token).ConfigureAwait(false);
        lock (_lock)
        {
            _written.Add(output);
        }

        return output;
    }

    public Task<JobOutput> WriteAsync(string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default)
    {
        // Wrapping is free when the memory is an array; otherwise copy once.
        var stream = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(content.ToArray(), writable: false);
        return WriteAndDisposeAsync(name, stream, contentType, cancellationToken);
    }

    private async Task<JobOutput> WriteAndDisposeAsync(string name, MemoryStream stream, string contentType, CancellationToken cancellationToken)
    {
        await using (stream.ConfigureAwait(false))
        {
            return await WriteAsync(name, stream, contentType, cancellationToken).ConfigureAwait(false);
        }
    }
}
