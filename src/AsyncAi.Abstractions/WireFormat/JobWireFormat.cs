using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AsyncAi.WireFormat;

/// <summary>
/// Writes and reads AsyncAi messages. Every body carries its version in <c>"v"</c>; a reader checks it before it
/// reads anything else, so a message from another major version is rejected with
/// <see cref="UnsupportedWireVersionException"/> instead of being half-read.
/// </summary>
public static class JobWireFormat
{
    /// <summary>The version this library writes and reads.</summary>
    public const int CurrentVersion = 1;

    private static readonly byte[] CompletionRecordPrefix = Encoding.UTF8.GetBytes($"{{\"v\":{CurrentVersion}");

    /// <summary>Writes a job message as UTF-8 JSON.</summary>
    /// <param name="message">The message.</param>
    public static string Serialize(JobMessage message) => Write(message, WireJsonContext.Default.JobMessage);

    /// <summary>Writes an event message as UTF-8 JSON.</summary>
    /// <param name="message">The message.</param>
    public static string Serialize(EventMessage message) => Write(message, WireJsonContext.Default.EventMessage);

    /// <summary>Writes a claim check as UTF-8 JSON.</summary>
    /// <param name="message">The message.</param>
    public static string Serialize(ClaimCheck message) => Write(message, WireJsonContext.Default.ClaimCheck);

    /// <summary>Reads a job message.</summary>
    /// <param name="body">The message body.</param>
    /// <exception cref="WireFormatException">The body is not a valid job message of this version.</exception>
    public static JobMessage DeserializeJob(string body) => NullEntryCheck.Checked(Read(body, WireJsonContext.Default.JobMessage));

    /// <summary>Reads an event message.</summary>
    /// <param name="body">The message body.</param>
    /// <exception cref="WireFormatException">The body is not a valid event message of this version.</exception>
    public static EventMessage DeserializeEvent(string body) => NullEntryCheck.Checked(Read(body, WireJsonContext.Default.EventMessage));

    /// <summary>Reads a claim check.</summary>
    /// <param name="body">The message body.</param>
    /// <exception cref="WireFormatException">The body is not a valid claim check of this version.</exception>
    public static ClaimCheck DeserializeClaimCheck(string body) => Read(body, WireJsonContext.Default.ClaimCheck);

    // The completion record is part of the wire format like the messages: AsyncAi.Aws writes and reads it for both
    // roles through these public members, which needs no access to this package's internals.

    /// <summary>
    /// Writes the completion record <c>{jobPrefix}_completion.json</c>: the completion's fields with the version
    /// <c>"v"</c> first, so that the record is judged like every other body (<c>completion-record.schema.json</c>).
    /// </summary>
    /// <param name="completion">The completion.</param>
    public static string SerializeCompletionRecord(JobCompletion completion) => Encoding.UTF8.GetString(SerializeCompletionRecordUtf8(completion));

    /// <summary>The completion record of <see cref="SerializeCompletionRecord"/> as the UTF-8 bytes that are stored.</summary>
    /// <param name="completion">The completion.</param>
    public static byte[] SerializeCompletionRecordUtf8(JobCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(completion);

        // One pass of the serializer, then "v" spliced in after the opening brace: the serializer writes a compact
        // object that starts with '{', and rebuilding it through a JsonDocument cost more than the S3 call's marshalling.
        var fields = JsonSerializer.SerializeToUtf8Bytes(completion, WireJsonContext.Default.JobCompletion);
        ReadOnlySpan<byte> version = CompletionRecordPrefix;
        var hasFields = fields.Length > 2;
        var record = new byte[version.Length + (hasFields ? 1 : 0) + fields.Length - 1];
        version.CopyTo(record);
        var at = version.Length;
        if (hasFields)
        {
            record[at++] = (byte)',';
        }

        fields.AsSpan(1).CopyTo(record.AsSpan(at));
        return record;
    }

    /// <summary>Reads a completion record, judging its <c>"v"</c> first.</summary>
    /// <param name="body">The content of <c>_completion.json</c>.</param>
    /// <exception cref="WireFormatException">The body is not a completion record of this version.</exception>
    public static JobCompletion DeserializeCompletionRecord(string body) => NullEntryCheck.Checked(Read(body, WireJsonContext.Default.JobCompletion));

    /// <summary>Reads a completion record from a stream (an S3 object), judging its <c>"v"</c> first.</summary>
    /// <param name="content">The content of <c>_completion.json</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="WireFormatException">The body is not a completion record of this version.</exception>
    public static async Task<JobCompletion> ReadCompletionRecordAsync(Stream content, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(content, Encoding.UTF8);
        return DeserializeCompletionRecord(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The number of UTF-8 bytes of a body, which is what SQS counts.</summary>
    /// <param name="body">The body.</param>
    public static int Utf8Length(string body) => Encoding.UTF8.GetByteCount(body);

    private static string Write<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(value, typeInfo);

    private static T Read<T>(string body, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw new WireFormatException("The message body is empty.");
        }

        // Every received message comes through here: its UTF-8 copy is rented, not allocated.
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(body));
        try
        {
            var bytes = rented.AsSpan(0, Encoding.UTF8.GetBytes(body, rented));
            var version = ReadVersion(bytes);
            if (version != CurrentVersion)
            {
                throw new UnsupportedWireVersionException(version, CurrentVersion);
            }

            return JsonSerializer.Deserialize(bytes, typeInfo)
                ?? throw new WireFormatException($"The message body is JSON null, not a {typeof(T).Name}.");
        }
        catch (JsonException ex)
        {
            throw new WireFormatException($"The message body is not a valid {typeof(T).Name}: {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Finds the top-level <c>"v"</c> without reading the rest, so that the version is judged first.</summary>
    private static int ReadVersion(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new WireFormatException("The message body is not a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("v"u8);
                reader.Read();
                if (isVersion)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var v)
                        ? v
                        : throw new WireFormatException("The message version \"v\" is not an integer.");
                }

                reader.Skip();
            }
        }
        catch (JsonException ex)
        {
            throw new WireFormatException($"The message body is not valid JSON: {ex.Message}", ex);
        }

        throw new WireFormatException("The message body has no version \"v\"; it was not written by AsyncAi.");
    }
}
