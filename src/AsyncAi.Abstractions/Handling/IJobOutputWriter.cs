namespace AsyncAi;

/// <summary>Writes a job's outputs straight to storage, streamed, with a SHA-256 of each.</summary>
public interface IJobOutputWriter
{
    /// <summary>Writes one output from a stream.</summary>
    /// <param name="name">The output name (see <see cref="StorageNames.ValidateFileName"/>).</param>
    /// <param name="content">The content; read to its end, not disposed.</param>
    /// <param name="contentType">The MIME type.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The output as the completion will report it.</returns>
    Task<JobOutput> WriteAsync(string name, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Writes one output from memory.</summary>
    /// <param name="name">The output name (see <see cref="StorageNames.ValidateFileName"/>).</param>
    /// <param name="content">The content.</param>
    /// <param name="contentType">The MIME type.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The output as the completion will report it.</returns>
    Task<JobOutput> WriteAsync(string name, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>The outputs written so far.</summary>
    IReadOnlyList<JobOutput> Written { get; }
}
