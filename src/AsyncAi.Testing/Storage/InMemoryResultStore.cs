namespace AsyncAi.Testing;

/// <summary>
/// Reads outputs from the in-memory store. Download URLs use the <c>memory:</c> scheme: code under test can pass
/// them on and assert on them, but nothing can fetch them.
/// </summary>
internal sealed class InMemoryResultStore(InMemoryObjectStore store) : IResultStore
{
    public const string UriScheme = "memory";

    public Task<Uri> GetDownloadUrlAsync(JobOutput output, TimeSpan? expiresIn = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (expiresIn is { } lifetime && lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(expiresIn), lifetime, "A download URL must live for a positive time.");
        }

        EnsureExists(output);
        return Task.FromResult(new Uri($"{UriScheme}://{output.Location.Bucket}/{output.Location.Key}"));
    }

    public Task<Stream> OpenReadAsync(JobOutput output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        var stored = EnsureExists(output);
        return Task.FromResult<Stream>(new MemoryStream(stored.Content, writable: false));
    }

    private StoredObject EnsureExists(JobOutput output) =>
        store.TryGet(output.Location, out var stored)
            ? stored
            : throw new FileNotFoundException($"No output was written at {output.Location}.");
}
