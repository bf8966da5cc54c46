using Microsoft.Extensions.Configuration;

namespace AsyncAi.Aws.Configuration;

/// <summary>
/// The one rule by which every role's <c>AddXxx(IConfiguration)</c> finds its section, so that
/// <c>AddAsyncAiClient(builder.Configuration)</c> and <c>AddAsyncAiWorker(builder.Configuration)</c> read alike.
/// </summary>
/// <remarks>
/// A section (a configuration with a path) is the role's section itself, whatever its name; a configuration root
/// (no path) stands for the whole configuration, and the role's default section under it is used. Nothing is
/// guessed from the keys present: an empty or misspelt section binds nothing and start-up validation names the
/// missing settings under the path that was read.
/// </remarks>
internal static class RoleConfigurationSection
{
    /// <summary>The section a role's options are bound from.</summary>
    /// <param name="configuration">What the application passed: a configuration root or a section.</param>
    /// <param name="defaultSectionName">The role's section under a root (for example <c>AsyncAi:Worker</c>).</param>
    public static IConfigurationSection Resolve(IConfiguration configuration, string defaultSectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrEmpty(defaultSectionName);
        return configuration is IConfigurationSection { Path.Length: > 0 } section
            ? section
            : configuration.GetSection(defaultSectionName);
    }
}
