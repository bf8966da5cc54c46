using System.Text.Json;

namespace AsyncAi.Reliability.Infrastructure;

/// <summary>Reads the backend's record file; a last line cut short by a kill -9 is skipped, not fatal.</summary>
internal static class RecordReader
{
    public static IReadOnlyList<RecordedCompletion> Read(string path)
    {
        var result = new List<RecordedCompletion>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(line, RecordJsonContext.Default.RecordedCompletion) is { } record)
                {
                    result.Add(record);
                }
            }
            catch (JsonException)
            {
                // Only a torn last line can get here (each line is flushed whole).
            }
        }

        return result;
    }
}
