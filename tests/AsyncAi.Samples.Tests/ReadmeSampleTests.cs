using System.Text.RegularExpressions;

namespace AsyncAi.Samples.Tests;

/// <summary>
/// The C# block that README.md shows between <c>&lt;!-- sample:start --&gt;</c> and <c>&lt;!-- sample:end --&gt;</c>
/// compiles against the packages as they are now, and runs as written: it is copied into a temporary project that
/// references the src projects, built with <c>dotnet build</c>, and run against the emulator.
/// </summary>
public sealed partial class ReadmeSampleTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
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
    public async Task Readme_sample_compiles_and_runs_one_job_end_to_end_against_the_emulator()
    {
        var directory = await BuildSampleAsync();
        try
        {
            var (requestQueue, responseQueue, bucket) = await CreateResourcesAsync();
            File.Copy(RepositoryPaths.SampleImage, Path.Combine(directory.FullName, "cat.png"));

            using var sample = StartSample(directory, Environment(requestQueue, responseQueue, bucket, workerQueue: requestQueue));
            var exited = await WaitForExitAsync(sample.Process, TimeSpan.FromMinutes(3));

            var output = sample.Output;
            Assert.True(exited, $"The README sample did not finish within 3 minutes:\n{output}");
            Assert.True(sample.Process.ExitCode == 0, $"The README sample exited with {sample.Process.ExitCode}:\n{output}");
            Assert.Matches($@"Succeeded: s3://{bucket}/jobs/[0-9a-f]+/outputs/thumbnail\.png", output);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Readme_sample_stops_waiting_on_SIGTERM()
    {
        var directory = await BuildSampleAsync();
        try
        {
            // The worker listens on another queue: the job is never run, and the sample waits until it is stopped.
            var (requestQueue, responseQueue, bucket) = await CreateResourcesAsync();
            var idleQueue = await Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("readme-idle"));
            File.Copy(RepositoryPaths.SampleImage, Path.Combine(directory.FullName, "cat.png"));
            using var sample = StartSample(directory, Environment(requestQueue, responseQueue, bucket, workerQueue: idleQueue));
            await WaitForOutputAsync(sample, "Application started", TimeSpan.FromMinutes(1));
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.False(sample.Process.HasExited, $"The sample ended on its own:\n{sample.Output}");

            using (var kill = Process.Start("kill", ["-TERM", sample.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            Assert.True(await WaitForExitAsync(sample.Process, TimeSpan.FromSeconds(30)), $"SIGTERM did not stop the sample:\n{sample.Output}");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task<(string RequestQueue, string ResponseQueue, string Bucket)> CreateResourcesAsync()
    {
        var requestQueue = await Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("readme-req"));
        var responseQueue = await Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("readme-resp"));
        var bucket = FauxqsEmulator.UniqueName("readme-bucket");
        await Emulator.CreateBucketAsync(bucket);
        return (requestQueue, responseQueue, bucket);
    }

    private Dictionary<string, string> Environment(string requestQueue, string responseQueue, string bucket, string workerQueue)
    {
        var endpoint = Emulator.ServiceUrl.ToString();
        return new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_REGION"] = FauxqsEmulator.Region,
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["AsyncAi__Client__RequestQueueUrl"] = requestQueue,
            ["AsyncAi__Client__ResponseQueueUrl"] = responseQueue,
            ["AsyncAi__Client__Bucket"] = bucket,
            ["AsyncAi__Client__Aws__ServiceUrl"] = endpoint,
            ["AsyncAi__Client__ListenerWaitTime"] = "00:00:01",
            ["AsyncAi__Worker__RequestQueueUrl"] = workerQueue,
            ["AsyncAi__Worker__ResponseQueueUrl"] = responseQueue,
            ["AsyncAi__Worker__Bucket"] = bucket,
            ["AsyncAi__Worker__Aws__ServiceUrl"] = endpoint,
            ["AsyncAi__Worker__ReceiveWaitTime"] = "00:00:01",
        };
    }

    private static async Task<DirectoryInfo> BuildSampleAsync()
    {
        var samples = ExtractSamples(await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md")));
        Assert.Single(samples);
        var directory = Directory.CreateTempSubdirectory("asyncai-readme-sample-");
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "ReadmeSample.csproj"), ProjectFile(outputType: "Exe"));
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "Sample.cs"), samples[0]);

        var (exitCode, output) = await BuildAsync(directory.FullName);
        if (exitCode != 0)
        {
            directory.Delete(recursive: true);
        }

        Assert.True(exitCode == 0, $"The README sample does not compile:\n{string.Join('\n', output.Split('\n').Where(l => l.Contains("error", StringComparison.Ordinal)).Distinct().Take(30))}\n\n{output[^Math.Min(output.Length, 4000)..]}");
        return directory;
    }

    private static RunningSample StartSample(DirectoryInfo directory, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(directory.FullName, "bin", RepositoryPaths.Configuration, "net10.0", "ReadmeSample.dll"));
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return new RunningSample(Process.Start(info)!);
    }

    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            return false;
        }
    }

    private static async Task WaitForOutputAsync(RunningSample sample, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!sample.Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(sample.Process.HasExited, $"The sample ended before '{text}':\n{sample.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"No '{text}' within {timeout}:\n{sample.Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>The sample's process with its output collected as it comes.</summary>
    private sealed class RunningSample : IDisposable
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public RunningSample(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output => string.Join('\n', _lines);

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
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
