using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi.AspNetCore;

/// <summary>Source-generated JSON of the endpoints' contracts (the same shape as ASP.NET Core's web defaults).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreateJobRequest))]
[JsonSerializable(typeof(CreatedJob))]
[JsonSerializable(typeof(JobView))]
[JsonSerializable(typeof(JobList))]
[JsonSerializable(typeof(UploadLimits))]
internal sealed partial class JobsJsonContext : JsonSerializerContext;
