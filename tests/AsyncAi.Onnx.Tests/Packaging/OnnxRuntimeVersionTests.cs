using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.ML.OnnxRuntime;

namespace AsyncAi.Onnx.Tests.Packaging;

/// <summary>
/// The managed ONNX Runtime that AsyncAi.Worker.Onnx references and the native packages applications pick must be
/// one version that the GPU package is published in too (it lags the CPU one), or GPU users get a pair that does not
/// match. One property sets it; docs/gpu.md names the pair; these tests fail when any of them drifts.
/// </summary>
public sealed partial class OnnxRuntimeVersionTests
{
    private static string PropertyVersion()
    {
        var props = XDocument.Load(Path.Combine(TestPaths.RepositoryRoot, "Directory.Build.props"));
        var version = props.Descendants("OnnxRuntimeVersion").Select(e => e.Value.Trim()).SingleOrDefault();
        Assert.False(string.IsNullOrEmpty(version), "Directory.Build.props sets no OnnxRuntimeVersion.");
        return version!;
    }

    [Fact]
    public void Every_onnx_runtime_package_reference_takes_the_one_version_property()
    {
        var offenders = new List<string>();
        foreach (var folder in new[] { "src", "tests", "samples", "benchmarks" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, folder), "*.*proj", SearchOption.AllDirectories)
                .Concat(Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, folder), "*.props", SearchOption.AllDirectories))
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var project = XDocument.Load(file);
                foreach (var reference in project.Descendants("PackageReference"))
                {
                    var include = (string?)reference.Attribute("Include") ?? string.Empty;
                    var isOnnxRuntime = include.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal) || include.Contains("$(OnnxRuntimePackage)", StringComparison.Ordinal);
                    if (isOnnxRuntime && (string?)reference.Attribute("Version") != "$(OnnxRuntimeVersion)")
                    {
                        offenders.Add($"{Path.GetRelativePath(TestPaths.RepositoryRoot, file)}: {include} {(string?)reference.Attribute("Version")}");
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, "These ONNX Runtime references do not use $(OnnxRuntimeVersion):\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_documented_managed_cpu_and_gpu_versions_are_the_property_version()
    {
        var version = PropertyVersion();
        var gpuDoc = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "gpu.md"));
        var rows = VersionRow().Matches(gpuDoc).ToDictionary(m => m.Groups["package"].Value, m => m.Groups["version"].Value);

        foreach (var package in new[] { "Microsoft.ML.OnnxRuntime.Managed", "Microsoft.ML.OnnxRuntime", "Microsoft.ML.OnnxRuntime.Gpu" })
        {
            Assert.True(rows.TryGetValue(package, out var documented), $"docs/gpu.md (\"Versions\") has no row for {package}.");
            Assert.True(documented == version, $"docs/gpu.md documents {package} {documented}, Directory.Build.props sets {version}.");
        }
    }

    [Fact]
    public void The_managed_runtime_these_tests_load_is_the_property_version()
    {
        // NuGet takes the highest managed version any package asks for: a native package newer than the property
        // would lift it here, and that is the drift a GPU application (pinned to an older native package) would hit.
        var informational = typeof(InferenceSession).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var version = PropertyVersion();

        Assert.True(informational.StartsWith(version, StringComparison.Ordinal), $"Microsoft.ML.OnnxRuntime.dll is {informational}; the property says {version}.");
    }

    [Fact]
    public void The_worker_package_does_not_reference_onnx_runtime_and_the_onnx_package_does()
    {
        // A worker without models must not pull ONNX Runtime (ADR 0013): neither its project nor its assembly names it.
        var workerProject = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "src", "AsyncAi.Worker", "AsyncAi.Worker.csproj"));
        var workerReferences = typeof(AsyncAi.Worker.IAsyncAiWorkerBuilder).Assembly.GetReferencedAssemblies().Select(a => a.Name);
        var onnxReferences = typeof(AsyncAi.Worker.Onnx.OnnxModel).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.DoesNotContain("OnnxRuntime", workerProject, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.ML.OnnxRuntime", workerReferences);
        Assert.Contains("Microsoft.ML.OnnxRuntime", onnxReferences);
    }

    [GeneratedRegex(@"^\|\s*`(?<package>Microsoft\.ML\.OnnxRuntime(\.Managed|\.Gpu)?)`[^|]*\|\s*(?<version>\d+\.\d+\.\d+)\s*\|", RegexOptions.Multiline)]
    private static partial Regex VersionRow();
}
