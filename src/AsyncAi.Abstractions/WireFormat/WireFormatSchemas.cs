using System.Reflection;

namespace AsyncAi.WireFormat;

/// <summary>
/// The JSON Schemas (draft 2020-12) of every AsyncAi body, shipped inside this assembly so that a producer or worker
/// written in any language, or a test, can validate messages against the exact version it runs with.
/// docs/wire-format.md is the normative text; the schemas are its machine-readable part.
/// </summary>
/// <remarks>
/// Each schema's <c>$id</c> is <c>https://github.com/asyncai/asyncai/wire-format/v1/{file name}</c>, an identifier
/// rather than an address to fetch; bodies refer to <c>common.schema.json</c> by relative <c>$ref</c>, so register
/// all of them with a validator before evaluating one.
/// </remarks>
public static class WireFormatSchemas
{
    private const string ResourcePrefix = "AsyncAi.WireFormat.Schemas.";
    private static readonly Assembly Assembly = typeof(WireFormatSchemas).Assembly;

    /// <summary>The file names of the schemas, for example <c>job-message.schema.json</c>.</summary>
    public static IReadOnlyList<string> FileNames { get; } = Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".schema.json", StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Reads one schema as JSON text.</summary>
    /// <param name="fileName">One of <see cref="FileNames"/>.</param>
    /// <exception cref="ArgumentException">There is no schema of that name.</exception>
    public static string Read(string fileName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        using var stream = Assembly.GetManifestResourceStream(ResourcePrefix + fileName)
            ?? throw new ArgumentException($"There is no wire format schema '{fileName}'; the schemas are: {string.Join(", ", FileNames)}.", nameof(fileName));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
