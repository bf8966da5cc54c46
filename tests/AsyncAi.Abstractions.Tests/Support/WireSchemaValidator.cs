using System.Text;
using System.Text.Json;
using AsyncAi.WireFormat;
using Json.Schema;

namespace AsyncAi.Tests.Support;

/// <summary>
/// Validates JSON against the wire format's schemas as the assembly embeds them (what ships is what is tested), with
/// format validation on, so that a timestamp that is not RFC 3339 fails as well as a missing field.
/// </summary>
public static class WireSchemaValidator
{
    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(Load);

    /// <summary>The repository's folder of schemas and golden examples, found from the test's output folder.</summary>
    public static string SchemaFolder { get; } = FindSchemaFolder();

    /// <summary>The golden examples that lie beside the schemas: file name and text.</summary>
    public static IEnumerable<(string FileName, string Json)> Examples() =>
        Directory.GetFiles(Path.Combine(SchemaFolder, "Examples"), "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => (Path.GetFileName(path), File.ReadAllText(path)));

    /// <summary>The schema a golden example belongs to: <c>event-message.started.json</c> -> <c>event-message.schema.json</c>.</summary>
    public static string SchemaOf(string exampleFileName) => exampleFileName.Split('.')[0] + ".schema.json";

    /// <summary>The errors of a body against one schema; empty when it is valid.</summary>
    public static IReadOnlyList<string> Errors(string schemaFileName, string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = Schemas.Value[schemaFileName].Evaluate(
            document.RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid)
        {
            return [];
        }

        var errors = new List<string>();
        // Failures under "not" are what made the "not" pass; they are no reason for the body to fail.
        foreach (var detail in (result.Details ?? []).Where(d => !d.EvaluationPath.ToString().Contains("/not", StringComparison.Ordinal)))
        {
            foreach (var (keyword, message) in detail.Errors ?? new Dictionary<string, string>())
            {
                errors.Add($"{detail.InstanceLocation} ({detail.EvaluationPath} {keyword}): {message}");
            }
        }

        return errors.Count > 0 ? errors : ["invalid (no details)"];
    }

    /// <summary>Fails the test, naming every error, unless the body is valid against the schema.</summary>
    public static void AssertValid(string schemaFileName, string json)
    {
        var errors = Errors(schemaFileName, json);
        if (errors.Count > 0)
        {
            var text = new StringBuilder().AppendLine($"The body is not valid against {schemaFileName}:");
            foreach (var error in errors)
            {
                text.AppendLine("  " + error);
            }

            text.AppendLine(json);
            Assert.Fail(text.ToString());
        }
    }

    private static Dictionary<string, JsonSchema> Load()
    {
        var build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        var schemas = new Dictionary<string, JsonSchema>(StringComparer.Ordinal);

        // The shared definitions first: the bodies refer to them.
        foreach (var name in WireFormatSchemas.FileNames.OrderBy(n => n == "common.schema.json" ? 0 : 1))
        {
            var schema = JsonSchema.FromText(WireFormatSchemas.Read(name), build);
            build.SchemaRegistry.Register(schema);
            schemas[name] = schema;
        }

        return schemas;
    }

    private static string FindSchemaFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "AsyncAi.Abstractions", "WireFormat", "Schemas");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("src/AsyncAi.Abstractions/WireFormat/Schemas was not found above " + AppContext.BaseDirectory);
    }
}
