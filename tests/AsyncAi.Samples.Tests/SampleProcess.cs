using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace AsyncAi.Samples.Tests;

/// <summary>
/// One sample app running as its own process (<c>dotnet App.dll</c> in the sample's folder, as a user runs it),
/// with its output kept for failure messages. Disposing kills it.
/// </summary>
internal sealed partial class SampleProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SampleProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output.TakeLast(80));

    public static SampleProcess Start(string name, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = RepositoryPaths.SampleDll(name);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing; the test project builds it (dotnet build tests/AsyncAi.Samples.Tests).");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.SampleProject(name),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The emulator accepts any credentials; these only satisfy the AWS SDK's credential chain.
        info.Environment["AWS_ACCESS_KEY_ID"] = "test";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        info.Environment["AWS_REGION"] = "us-east-1";
        info.Environment["DOTNET_ENVIRONMENT"] = "Development";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        return Run(name, info);
    }

    private static SampleProcess Run(string name, ProcessStartInfo info)
    {
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var sample = new SampleProcess(name, process);
        process.OutputDataReceived += (_, e) => sample.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => sample.OnLine(e.Data);
        process.Exited += (_, _) => sample._listening.TrySetException(new InvalidOperationException($"{name} exited with code {process.ExitCode}:\n{sample.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return sample;
    }

    /// <summary>The address Kestrel reports once it listens (started with <c>--urls http://127.0.0.1:0</c>).</summary>
    public Task<Uri> WaitUntilListeningAsync(TimeSpan timeout) =>
        _listening.Task.WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 500)
        {
            _output.TryDequeue(out _);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"[Ll]istening on:? (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
