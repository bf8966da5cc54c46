using System.Diagnostics;
using System.Text.RegularExpressions;

namespace AsyncAi.Samples.Tests;

/// <summary>
/// The C# block that README.md shows between <c>&lt;!-- sample:start --&gt;</c> and <c>&lt;!-- sample:end --&gt;</c>
/// compiles against the packages as they are now: it is copied into a temporary project that references the src
/// projects, and built with <c>dotnet build</c>.
/// </summary>
public sealed partial class ReadmeSampleTests
{
    private static readonly string[] ReferencedProjects = ["AsyncAi.Client", "AsyncAi.Worker", "AsyncAi.Ocr", "AsyncAi.Testing"];

    [Fact]
    public void Readme_holds_exactly_one_marked_csharp_sample()
    {
        var blocks = ExtractSamples(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md")));

        Assert.True(blocks.Count == 1, $"README.md should hold one ```csharp block between <!-- sample:start --> and <!-- sample:end -->; found {blocks.Count}.");
    }

    [Fact]
    public void Extraction_takes_the_code_between_the_markers_and_the_fences()
    {
        const string markdown = "intro\n<!-- sample:start -->\n```csharp\nvar x = 1;\n```\n<!-- sample:end -->\n```csharp\nnot this\n```\n";

        Assert.Equal(["var x = 1;"], ExtractSamples(markdown).Select(s => s.Trim()));
    }

    [Fact]
    public async Task Readme_sample_compiles_against_the_src_projects()
    {
        var samples = ExtractSamples(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md")));
        Assert.NotEmpty(samples);

        var directory = Directory.CreateTempSubdirectory("asyncai-readme-sample-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "ReadmeSample.csproj"), ProjectFile(outputType: "Exe"));
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "Sample.cs"), string.Join("\n", samples));

            var (exitCode, output) = await BuildAsync(directory.FullName);

            // A sample of types only (no top-level statements) has no entry point: build it as a library instead.
            if (exitCode != 0 && output.Contains("CS5001", StringComparison.Ordinal))
            {
                await File.WriteAllTextAsync(Path.Combine(directory.FullName, "ReadmeSample.csproj"), ProjectFile(outputType: "Library"));
                (exitCode, output) = await BuildAsync(directory.FullName);
            }

            Assert.True(exitCode == 0, $"The README sample does not compile:\n{string.Join('\n', output.Split('\n').Where(l => l.Contains("error", StringComparison.Ordinal)).Distinct().Take(30))}\n\n{output[^Math.Min(output.Length, 4000)..]}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    internal static List<string> ExtractSamples(string markdown) =>
        [.. SampleBlock().Matches(markdown.ReplaceLineEndings("\n")).Select(m => m.Groups["code"].Value)];

    private static string ProjectFile(string outputType)
    {
        // The src projects were built by this test project (same configuration); BuildProjectReferences=false
        // below reuses their outputs instead of building them again next to other test projects.
        var references = string.Join("\n", ReferencedProjects.Select(p => $"    <ProjectReference Include=\"{RepositoryPaths.SourceProject(p)}\" />"));
        return $"""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>{outputType}</OutputType>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <NoWarn>$(NoWarn);CS1591</NoWarn>
              </PropertyGroup>
              <ItemGroup>
            {references}
                <PackageReference Include="Microsoft.ML.OnnxRuntime" Version="1.31.0" />
              </ItemGroup>
            </Project>
            """;
    }

    private static async Task<(int ExitCode, string Output)> BuildAsync(string directory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "build", "-nologo", "-c", RepositoryPaths.Configuration, "-p:BuildProjectReferences=false", "-clp:NoSummary" })
        {
            info.ArgumentList.Add(arg);
        }

        // The repository's nuget.config names the package source this machine may use.
        File.Copy(Path.Combine(RepositoryPaths.Root, "nuget.config"), Path.Combine(directory, "nuget.config"), overwrite: true);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex(@"<!--\s*sample:start\s*-->\s*```(?:csharp|cs|c#)\s*\n(?<code>.*?)\n```\s*<!--\s*sample:end\s*-->", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SampleBlock();
}
