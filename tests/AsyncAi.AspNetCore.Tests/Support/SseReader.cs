namespace AsyncAi.AspNetCore.Tests.Support;

/// <summary>Reads a server-sent event stream line by line, as EventSource does: events, their ids, and comments.</summary>
internal sealed class SseReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream);

    public sealed record Frame(string? Id, string? Event, string? Data, string? Comment, string? Retry);

    /// <summary>The next frame, or <see langword="null"/> when the server ended the stream.</summary>
    public async Task<Frame?> ReadAsync(CancellationToken cancellationToken)
    {
        string? id = null, name = null, data = null, comment = null, retry = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                return new Frame(id, name, data, comment, retry);
            }

            if (line.StartsWith(':'))
            {
                comment = line[1..].Trim();
            }
            else if (line.StartsWith("id:", StringComparison.Ordinal))
            {
                id = line[3..].Trim();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data = line[5..].Trim();
            }
            else if (line.StartsWith("retry:", StringComparison.Ordinal))
            {
                retry = line[6..].Trim();
            }
        }

        return null;
    }

    /// <summary>The next frame that is an event (skipping comments and the retry hint).</summary>
    public async Task<Frame?> ReadEventAsync(CancellationToken cancellationToken)
    {
        while (await ReadAsync(cancellationToken) is { } frame)
        {
            if (frame.Event is not null)
            {
                return frame;
            }
        }

        return null;
    }

    public void Dispose() => _reader.Dispose();
}
