using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi.Uploads;

/// <summary>Source-generated JSON metadata of the upload-URL exchange between a worker and the backend.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(OutputUploadUrlRequest))]
[JsonSerializable(typeof(OutputUploadUrlGrant))]
internal sealed partial class UploadsJsonContext : JsonSerializerContext;
