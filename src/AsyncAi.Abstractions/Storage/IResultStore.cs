namespace AsyncAi;

/// <summary>Reads the outputs of finished jobs: presigned download URLs for browsers, streams for the backend.</summary>
public interface IResultStore
{
    /// <summary>Makes a URL that lets anyone holding it download one output until it expires.</summary>
    /// <param name="output">The output, from a <see cref="JobCompletion"/>.</param>
    /// <param name="expiresIn">How long the URL stays valid; the store's default when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Uri> GetDownloadUrlAsync(JobOutput output, TimeSpan? expiresIn = null, CancellationToken cancellationToken = default);

    /// <summary>Opens one output for reading, streamed rather than buffered.</summary>
    /// <param name="output">The output, from a <see cref="JobCompletion"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<Stream> OpenReadAsync(JobOutput output, CancellationToken cancellationToken = default);
}
