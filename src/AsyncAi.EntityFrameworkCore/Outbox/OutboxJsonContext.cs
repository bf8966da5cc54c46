using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi.EntityFrameworkCore;

/// <summary>Source-generated JSON of the stored request, with the wire format's conventions (camelCase, nulls left out).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutboxRequest))]
internal sealed partial class OutboxJsonContext : JsonSerializerContext;
