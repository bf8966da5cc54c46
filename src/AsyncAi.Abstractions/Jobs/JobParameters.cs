using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AsyncAi;

/// <summary>Turns typed parameter objects into the JSON a <see cref="JobRequest"/> carries, and back.</summary>
public static class JobParameters
{
    /// <summary>Serializes parameters with source-generated metadata (trimming and AOT safe).</summary>
    /// <typeparam name="T">The parameter type.</typeparam>
    /// <param name="value">The parameters.</param>
    /// <param name="typeInfo">The source-generated metadata of <typeparamref name="T"/>.</param>
    public static JsonElement From<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToElement(value, typeInfo);

    /// <summary>Serializes parameters with reflection-based web defaults (camelCase).</summary>
    /// <typeparam name="T">The parameter type.</typeparam>
    /// <param name="value">The parameters.</param>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode("Reflection-based JSON; use the JsonTypeInfo overload when trimming.")]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode("Reflection-based JSON; use the JsonTypeInfo overload for native AOT.")]
    public static JsonElement From<T>(T value) => JsonSerializer.SerializeToElement(value, JsonSerializerOptions.Web);

    /// <summary>Reads parameters, turning any mismatch into <see cref="InvalidJobParametersException"/>.</summary>
    /// <typeparam name="T">The parameter type.</typeparam>
    /// <param name="parameters">The JSON parameters of the job; <see langword="null"/> reads as an empty object.</param>
    /// <param name="typeInfo">The source-generated metadata of <typeparamref name="T"/>.</param>
    public static T Read<T>(JsonElement? parameters, JsonTypeInfo<T> typeInfo)
    {
        try
        {
            var element = parameters ?? EmptyObject;
            return element.Deserialize(typeInfo) ?? throw new InvalidJobParametersException($"The parameters are null; expected {typeof(T).Name}.");
        }
        catch (JsonException ex)
        {
            throw new InvalidJobParametersException($"The parameters do not match {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    /// <summary>Reads parameters with reflection-based web defaults, turning any mismatch into <see cref="InvalidJobParametersException"/>.</summary>
    /// <typeparam name="T">The parameter type.</typeparam>
    /// <param name="parameters">The JSON parameters of the job; <see langword="null"/> reads as an empty object.</param>
    [System.Diagnostics.CodeAnalysis.RequiresUnreferencedCode("Reflection-based JSON; use the JsonTypeInfo overload when trimming.")]
    [System.Diagnostics.CodeAnalysis.RequiresDynamicCode("Reflection-based JSON; use the JsonTypeInfo overload for native AOT.")]
    public static T Read<T>(JsonElement? parameters) =>
        Read(parameters, (JsonTypeInfo<T>)JsonSerializerOptions.Web.GetTypeInfo(typeof(T)));

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
