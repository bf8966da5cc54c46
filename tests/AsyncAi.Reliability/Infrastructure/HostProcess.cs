using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace AsyncAi.Reliability.Infrastructure;

/// <summary>
/// One host app running as its own OS process (<c>dotnet &lt;dll&gt;</c>), configured through environment variables
/// as a deployment would be. Its stdout lines (the journal) are kept with the time they arrived; stderr (logs) goes
/// to a file under artifacts/reliability for diagnosis.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HostProcess(string name, Process process, StreamWriter log)
    {
        Name = name;
        _process = process;
        _log = log;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The stdout lines so far.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    public string LogPath { get; private init; } = "";

    public static HostProcess Start(string name, string project, IReadOnlyDictionary<string, string> environment, string logFolder)
    {
        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        startInfo.ArgumentList.Add(RepositoryPaths.HostDll(project));
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("AsyncAi__", StringComparison.Ordinal) || k.StartsWith("Reliability__", StringComparison.Ordinal) || k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        // The emulator accepts any credentials; these are its placeholders, never real ones.
        startInfo.Environment["AWS_ACCESS_KEY_ID"] = "test";
        startInfo.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        startInfo.Environment["AWS_REGION"] = "us-east-1";
        startInfo.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        Directory.CreateDirectory(logFolder);
        var logPath = Path.Combine(logFolder, name + ".log");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var host = new HostProcess(name, process, log) { LogPath = logPath };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                host._stdoutClosed.TrySetResult();
                return;
            }

            host._lines.Enqueue(e.Data);
            host.Log("out", e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                host.Log("err", e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        host.Log("suite", $"started pid {process.Id}");
        return host;
    }

    /// <summary>Waits until at least <paramref name="count"/> stdout lines match.</summary>
    public async Task WaitForLinesAsync(Func<string, bool> match, int count, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (Count(match) < count)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited (code {_process.ExitCode}) before {what}; see {LogPath}.");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name}: {what} did not happen within {timeout.TotalSeconds:0} s ({Count(match)} of {count}); see {LogPath}.");
            }

            await Task.Delay(50);
        }
    }

    public Task WaitForReadyAsync(TimeSpan? timeout = null) =>
        WaitForLinesAsync(l => l.StartsWith("READY ", StringComparison.Ordinal), 1, timeout ?? TimeSpan.FromSeconds(90), "READY");

    public int Count(Func<string, bool> match) => _lines.Count(match);

    /// <summary>Lines of the process's log file (its stdout and stderr so far) that contain <paramref name="text"/>.</summary>
    public int CountLogLines(string text)
    {
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            count += line.Contains(text, StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }

    /// <summary>kill -9: no handler, no flush, no goodbye.</summary>
    public void Kill()
    {
        Log("suite", "SIGKILL");
        _process.Kill(entireProcessTree: true);
    }

    /// <summary>SIGTERM, what an orchestrator sends before it kills: the host starts its orderly shutdown.</summary>
    public void Terminate()
    {
        Log("suite", "SIGTERM");
        // libc's kill(2) directly: .NET has no API for SIGTERM to another process, and a minimal CI image may lack /bin/kill.
        if (NativeMethods.Kill(Pid, NativeMethods.SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({Pid}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Waits for the process to end and its stdout to be read to the end; false when it did not end in time.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await _stdoutClosed.Task.WaitAsync(TimeSpan.FromSeconds(5));
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            catch (InvalidOperationException)
            {
            }
        }

        _process.Dispose();
        lock (_logGate)
        {
            _log.Dispose();
        }
    }

    private void Log(string stream, string line)
    {
        lock (_logGate)
        {
            try
            {
                _log.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {stream} {line}");
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    // Under `dotnet test` the SDK names the muxer it runs on; elsewhere the one on PATH.
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";
}

/// <summary>The one POSIX call the suite needs.</summary>
internal static class NativeMethods
{
    public const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled for one int-only call.
    public static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
