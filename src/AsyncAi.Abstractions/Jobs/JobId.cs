using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi;

/// <summary>
/// The identity of one job. Ids made by <see cref="New(TimeProvider)"/> sort by creation time
/// (a version 7 UUID printed as 32 lower-case hex digits), so listings of S3 prefixes and logs read in order.
/// </summary>
/// <remarks>
/// An id also names the job's S3 prefix, so only letters, digits, '-' and '_' are accepted, at most
/// <see cref="MaxLength"/> characters: a hostile id can never escape its prefix.
/// </remarks>
[JsonConverter(typeof(JobIdJsonConverter))]
public readonly record struct JobId : IComparable<JobId>
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 64;

    private readonly string? _value;

    private JobId(string value) => _value = value;

    /// <summary>The id as text.</summary>
    public string Value => _value ?? throw new InvalidOperationException("This JobId is default and holds no value.");

    /// <summary>Whether this is the default (empty) value rather than a real id.</summary>
    public bool IsEmpty => _value is null;

    /// <summary>Makes a new id that sorts after every id made earlier by the same clock.</summary>
    /// <param name="timeProvider">The clock whose time is written into the id.</param>
    public static JobId New(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new JobId(Guid.CreateVersion7(timeProvider.GetUtcNow()).ToString("N"));
    }

    /// <summary>Makes a new id from the system clock.</summary>
    public static JobId New() => New(TimeProvider.System);

    /// <summary>Reads an id, throwing <see cref="FormatException"/> when the text is not a valid id.</summary>
    /// <param name="value">The text of the id.</param>
    public static JobId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a valid job id: use 1-{MaxLength} letters, digits, '-' or '_'.");

    /// <summary>Reads an id when the text is valid.</summary>
    /// <param name="value">The text of the id.</param>
    /// <param name="id">The id read, when the result is <see langword="true"/>.</param>
    public static bool TryParse([NotNullWhen(true)] string? value, out JobId id)
    {
        id = default;
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return false;
            }
        }

        id = new JobId(value);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(JobId other) => string.CompareOrdinal(_value, other._value);

    /// <summary>Orders ids by their text, which is creation order for ids made by <see cref="New(TimeProvider)"/>.</summary>
    public static bool operator <(JobId left, JobId right) => left.CompareTo(right) < 0;

    /// <summary>Orders ids by their text.</summary>
    public static bool operator >(JobId left, JobId right) => left.CompareTo(right) > 0;

    /// <summary>Orders ids by their text.</summary>
    public static bool operator <=(JobId left, JobId right) => left.CompareTo(right) <= 0;

    /// <summary>Orders ids by their text.</summary>
    public static bool operator >=(JobId left, JobId right) => left.CompareTo(right) >= 0;

    /// <inheritdoc />
    public override string ToString() => _value ?? string.Empty;
}

/// <summary>Writes a <see cref="JobId"/> as a JSON string and rejects invalid ids when reading.</summary>
internal sealed class JobIdJsonConverter : JsonConverter<JobId>
{
    public override JobId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return JobId.TryParse(text, out var id) ? id : throw new JsonException($"'{text}' is not a valid job id.");
    }

    public override void Write(Utf8JsonWriter writer, JobId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
