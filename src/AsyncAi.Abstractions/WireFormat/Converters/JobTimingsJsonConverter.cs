using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi.WireFormat.Converters;

/// <summary>
/// Writes <see cref="JobTimings"/> in the language-neutral wire shape: the three instants as RFC 3339 strings and the
/// two durations derived from them as numbers of milliseconds (<c>queueTimeMs</c>, <c>runTimeMs</c>), never as .NET
/// <see cref="TimeSpan"/> text. Reading takes the instants only: the durations are derived, so a body whose durations
/// disagree with its instants cannot make a reader believe two different things.
/// </summary>
internal sealed class JobTimingsJsonConverter : JsonConverter<JobTimings>
{
    public override JobTimings Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The timings must be a JSON object.");
        }

        DateTimeOffset? queuedAt = null, startedAt = null, finishedAt = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("queuedAt"u8))
            {
                reader.Read();
                queuedAt = ReadInstant(ref reader, "queuedAt");
            }
            else if (reader.ValueTextEquals("startedAt"u8))
            {
                reader.Read();
                startedAt = ReadInstant(ref reader, "startedAt");
            }
            else if (reader.ValueTextEquals("finishedAt"u8))
            {
                reader.Read();
                finishedAt = ReadInstant(ref reader, "finishedAt");
            }
            else
            {
                // queueTimeMs, runTimeMs and fields of later minor versions.
                reader.Read();
                reader.Skip();
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject)
        {
            throw new JsonException("The timings object is not closed.");
        }

        return new JobTimings { QueuedAt = queuedAt, StartedAt = startedAt, FinishedAt = finishedAt };
    }

    public override void Write(Utf8JsonWriter writer, JobTimings value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        WriteInstant(writer, "queuedAt"u8, value.QueuedAt);
        WriteInstant(writer, "startedAt"u8, value.StartedAt);
        WriteInstant(writer, "finishedAt"u8, value.FinishedAt);
        WriteMilliseconds(writer, "queueTimeMs"u8, value.QueueTime);
        WriteMilliseconds(writer, "runTimeMs"u8, value.RunTime);
        writer.WriteEndObject();
    }

    private static DateTimeOffset? ReadInstant(ref Utf8JsonReader reader, string name) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String when reader.TryGetDateTimeOffset(out var instant) => instant,
            _ => throw new JsonException($"The timing '{name}' must be an RFC 3339 date-time string."),
        };

    private static void WriteInstant(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset? instant)
    {
        if (instant is { } value)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteMilliseconds(Utf8JsonWriter writer, ReadOnlySpan<byte> name, TimeSpan? duration)
    {
        if (duration is { } value)
        {
            // Whole milliseconds with up to three decimals (microseconds): exact enough for any job, short to read.
            writer.WriteNumber(name, Math.Round(value.TotalMilliseconds, 3));
        }
    }
}
