using System.Globalization;

namespace AsyncAi.Reliability.WorkerHost;

/// <summary>
/// What the process did, one line per fact on stdout, written and flushed under a lock so that lines never
/// interleave and a kill -9 loses at most the line being written. The suite parses these lines:
/// <c>READY pid</c>, <c>RUN jobId attempt unixMs</c>, <c>END jobId attempt outcome unixMs</c>,
/// <c>STOPPING unixMs</c>, <c>CLOCK offsetMs</c>, <c>HEAP unixMs liveBytes committedBytes</c>, <c>STOPPED unixMs</c>.
/// </summary>
internal sealed class Journal(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly TextWriter _out = Console.Out;

    public void Write(string kind, params object[] fields)
    {
        var line = fields.Length == 0
            ? kind
            : kind + " " + string.Join(' ', fields.Select(f => Convert.ToString(f, CultureInfo.InvariantCulture)));
        lock (_gate)
        {
            _out.WriteLine(line);
            _out.Flush();
        }
    }

    public long Now => time.GetUtcNow().ToUnixTimeMilliseconds();
}
