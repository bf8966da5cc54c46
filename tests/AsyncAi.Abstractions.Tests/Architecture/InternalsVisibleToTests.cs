using System.Xml.Linq;

namespace AsyncAi.Abstractions.Tests.Architecture;

/// <summary>
/// A package's internals may change in any release, so every grant of them is a coupling that must be meant. A
/// package gives its internals to its own test project; any other grant is listed here with the reason its csproj
/// gives, so that a new one is a visible decision in review rather than a line slipped into a project file.
/// </summary>
public sealed class InternalsVisibleToTests
{
    /// <summary>Each package to its own tests (the three ONNX packages share one test project).</summary>
    private static readonly HashSet<(string Package, string Friend)> OwnTests =
    [
        ("AsyncAi.Abstractions", "AsyncAi.Abstractions.Tests"),
        ("AsyncAi.AspNetCore", "AsyncAi.AspNetCore.Tests"),
        ("AsyncAi.Aws", "AsyncAi.Aws.Tests"),
        ("AsyncAi.Client", "AsyncAi.Client.Tests"),
        ("AsyncAi.Dashboard", "AsyncAi.Dashboard.Tests"),
        ("AsyncAi.EntityFrameworkCore", "AsyncAi.EntityFrameworkCore.Tests"),
        ("AsyncAi.Testing", "AsyncAi.Testing.Tests"),
        ("AsyncAi.Worker", "AsyncAi.Worker.Tests"),
        ("AsyncAi.Worker.Onnx", "AsyncAi.Onnx.Tests"),
        ("AsyncAi.Imaging", "AsyncAi.Onnx.Tests"),
        ("AsyncAi.Ocr", "AsyncAi.Onnx.Tests"),
    ];

    /// <summary>The documented exceptions: each csproj says why in a comment just above the grant.</summary>
    private static readonly HashSet<(string Package, string Friend)> Exceptions =
    [
        // Between shipped packages (each pinned to the exact version of the other by src/Directory.Build.targets).
        ("AsyncAi.Abstractions", "AsyncAi.Client"),
        ("AsyncAi.Abstractions", "AsyncAi.Worker"),
        ("AsyncAi.Abstractions", "AsyncAi.Testing"),
        ("AsyncAi.Abstractions", "AsyncAi.AspNetCore"),
        ("AsyncAi.Aws", "AsyncAi.Client"),
        ("AsyncAi.Aws", "AsyncAi.Worker"),
        ("AsyncAi.Aws", "AsyncAi.Testing"),
        ("AsyncAi.Aws", "AsyncAi.Dashboard"),
        ("AsyncAi.Client", "AsyncAi.Dashboard"),
        ("AsyncAi.Worker", "AsyncAi.Testing"),
        ("AsyncAi.Worker", "AsyncAi.Worker.Onnx"),

        // To tests and benchmarks of another package.
        ("AsyncAi.Aws", "AsyncAi.Client.Tests"),
        ("AsyncAi.Aws", "AsyncAi.Worker.Tests"),
        ("AsyncAi.Worker", "AsyncAi.Onnx.Tests"),
        ("AsyncAi.Worker", "AsyncAi.Benchmarks"),
        ("AsyncAi.Ocr", "AsyncAi.Interop.Tests"),
        ("AsyncAi.Ocr", "AsyncAi.Benchmarks"),
    ];

    [Fact]
    public void Every_InternalsVisibleTo_grant_of_a_package_is_in_the_allow_list()
    {
        var offending = Grants()
            .Where(grant => !OwnTests.Contains((grant.Package, grant.Friend)) && !Exceptions.Contains((grant.Package, grant.Friend)))
            .Select(grant => $"{grant.Package} gives its internals to {grant.Friend} ({grant.Source})")
            .ToList();

        Assert.True(offending.Count == 0, "Grants outside the allow-list of InternalsVisibleToTests:\n" + string.Join("\n", offending));
    }

    [Fact]
    public void Every_exception_says_why_in_its_csproj()
    {
        var unexplained = Grants()
            .Where(grant => Exceptions.Contains((grant.Package, grant.Friend)) && !grant.HasReason)
            .Select(grant => $"{grant.Package} gives its internals to {grant.Friend} without a comment above the grant saying why ({grant.Source})")
            .ToList();

        Assert.True(unexplained.Count == 0, string.Join("\n", unexplained));
    }

    [Fact]
    public void Every_exception_in_the_list_is_still_granted()
    {
        // A grant taken out of a csproj leaves the list too, so that the list never allows more than is used.
        var granted = Grants().Select(grant => (grant.Package, grant.Friend)).ToHashSet();

        Assert.Empty(Exceptions.Where(exception => !granted.Contains(exception)).Select(exception => $"{exception.Package} -> {exception.Friend}"));
    }

    [Fact]
    public void Grants_are_only_written_in_project_files()
    {
        // An [assembly: InternalsVisibleTo] attribute would escape the checks above and the exact-version pinning
        // of src/Directory.Build.targets, which reads the project items.
        var attributes = Directory.EnumerateFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(file => !IsBuildOutput(file) && File.ReadAllText(file).Contains("InternalsVisibleTo(", StringComparison.Ordinal))
            .Select(file => Path.GetRelativePath(SourceRoot, file))
            .ToList();

        Assert.Empty(attributes);
    }

    private static IEnumerable<(string Package, string Friend, bool HasReason, string Source)> Grants()
    {
        var projects = Directory.EnumerateFiles(SourceRoot, "*.csproj", SearchOption.AllDirectories).Where(file => !IsBuildOutput(file)).ToList();
        Assert.NotEmpty(projects);
        foreach (var project in projects)
        {
            var package = Path.GetFileNameWithoutExtension(project);
            foreach (var item in XDocument.Load(project).Descendants("InternalsVisibleTo"))
            {
                var friend = (string?)item.Attribute("Include") ?? string.Empty;

                // The reason is the comment written just above the grant.
                var hasReason = item.PreviousNode is XComment;
                yield return (package, friend, hasReason, Path.GetRelativePath(SourceRoot, project));
            }
        }
    }

    private static bool IsBuildOutput(string file) =>
        file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string SourceRoot { get; } = FindSourceRoot();

    private static string FindSourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AsyncAi.sln")))
            {
                return Path.Combine(dir.FullName, "src");
            }
        }

        throw new InvalidOperationException("The repository root (with AsyncAi.sln) was not found above the test binaries.");
    }
}
