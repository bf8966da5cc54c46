using System.Text;
using System.Text.Json;
using AsyncAi.Reliability;

namespace AsyncAi.Reliability.BackendHost;

/// <summary>
/// The application's durable record: one JSON line per terminal event, appended and flushed to disk before the
/// call returns, shared by every backend process the suite starts on the same file.
/// </summary>
internal sealed class RecordFile : IDisposable
{
    private readonly Lock _gate = new();
    private readonly FileStream _file;

    public RecordFile(BackendSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.RecordFile))
        {
            throw new InvalidOperationException("Reliability:RecordFile is required: the file completions are recorded in.");
        }

        _file = new FileStream(settings.RecordFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    public void Record(JobEvent jobEvent)
    {
        ArgumentNullException.ThrowIfNull(jobEvent);
        var completion = jobEvent.Completion;
        var line = new RecordedCompletion
        {
            Pid = Environment.ProcessId,
            JobId = jobEvent.JobId.Value,
            Type = jobEvent.Type.ToString(),
            Code = completion?.Error?.Code,
            Message = completion?.Error?.Message ?? jobEvent.Message,
            Attempts = completion?.Attempts ?? jobEvent.Attempt ?? 0,
            WorkerId = completion?.WorkerId ?? jobEvent.WorkerId,
            Outputs = completion?.Outputs.Select(o => new RecordedOutput(o.Name, o.Location.Bucket, o.Location.Key, o.SizeBytes, o.Sha256)).ToList() ?? [],
            AtMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(line, RecordJsonContext.Default.RecordedCompletion) + "\n");
        lock (_gate)
        {
            _file.Write(bytes);
            _file.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => _file.Dispose();
}
