namespace AsyncAi.Reliability.Infrastructure;

/// <summary>Where the repository, the host apps' builds and the suite's artifacts are.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>artifacts/reliability: summary.json, summary.md and each scenario's logs.</summary>
    public static string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(Root, "artifacts", "reliability")).FullName;

    /// <summary>
    /// The dll of a host app, from its own build output in the configuration and framework this suite was built in
    /// (the ProjectReference builds it first).
    /// </summary>
    public static string HostDll(string project)
    {
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfm.Parent!.Name;
        var dll = Path.Combine(Root, "tests", project, "bin", configuration, tfm.Name, project + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"{project} is not built: expected {dll}. Build the suite (dotnet build tests/AsyncAi.Reliability -c {configuration}).", dll);
    }

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
