using System.Reflection;

namespace AsyncAi.Samples.Tests;

/// <summary>Where things are in the repository, found from the test assembly's location.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the samples were built with the test project's configuration.</summary>
    public static string Configuration { get; } =
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string SampleImage => Path.Combine(Root, "samples", "assets", "sample.png");

    public static string ModelsDirectory =>
        Environment.GetEnvironmentVariable("ASYNCAI_MODELS_DIR") is { Length: > 0 } custom ? custom : Path.Combine(Root, ".models", "paddleocr-v4");

    public static string Screenshots => Path.Combine(Root, "docs", "screenshots");

    public static string SampleProject(string name) => Path.Combine(Root, "samples", name);

    public static string SampleDll(string name) => Path.Combine(SampleProject(name), "bin", Configuration, "net10.0", name + ".dll");

    public static string SourceProject(string name) => Path.Combine(Root, "src", name, name + ".csproj");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AsyncAi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No AsyncAi.sln above {AppContext.BaseDirectory}.");
    }
}
