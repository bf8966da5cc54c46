using System.Diagnostics;

namespace AsyncAi.Interop.Tests.Support;

/// <summary>
/// A script of samples/python-worker run with Debian's python3 (scripts/install-python-boto3.sh puts boto3 there),
/// its output captured for the test's failure message, killed when the test ends.
/// </summary>
public sealed class PythonProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();

    private PythonProcess(Process process, string? readyLine)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_gate)
            {
                _stdout.AppendLine(e.Data);
            }

            if (readyLine is not null && e.Data.Contains(readyLine, StringComparison.Ordinal))
            {
                _ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_gate)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        if (readyLine is null)
        {
            _ready.TrySetResult();
        }
    }

    /// <summary>The interpreter: $ASYNCAI_PYTHON or Debian's /usr/bin/python3 (a pyenv python3 earlier on PATH has no boto3).</summary>
    public static string Interpreter => Environment.GetEnvironmentVariable("ASYNCAI_PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3";

    public static string SampleFolder { get; } = Path.Combine(RepositoryRoot(), "samples", "python-worker");

    public string StandardOutput
    {
        get
        {
            lock (_gate)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return $"--- stdout\n{_stdout}--- stderr\n{_stderr}";
            }
        }
    }

    /// <summary>Starts a script; with <paramref name="readyLine"/>, waits until it prints that line.</summary>
    public static async Task<PythonProcess> StartAsync(string script, IReadOnlyDictionary<string, string> environment, IEnumerable<string>? arguments = null, string? readyLine = null)
    {
        var info = new ProcessStartInfo(Interpreter)
        {
            WorkingDirectory = SampleFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-u");
        info.ArgumentList.Add(Path.Combine(SampleFolder, script));
        foreach (var argument in arguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        // Any credentials: the emulator checks none. Never real ones from the developer's environment.
        info.Environment["AWS_ACCESS_KEY_ID"] = "test";
        info.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        info.Environment["AWS_REGION"] = "us-east-1";
        info.Environment.Remove("AWS_PROFILE");
        info.Environment.Remove("AWS_SESSION_TOKEN");
        info.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var python = new PythonProcess(process, readyLine);
        process.Exited += (_, _) => python._ready.TrySetException(new InvalidOperationException($"{script} exited with {process.ExitCode} before it was ready.\n{python.Output}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await python._ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return python;
    }

    /// <summary>Waits for the script to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string RepositoryRoot()
    {
        // src/AsyncAi.Abstractions/WireFormat/Schemas -> the repository root.
        var schemas = AsyncAi.Tests.Support.WireSchemaValidator.SchemaFolder;
        return Path.GetFullPath(Path.Combine(schemas, "..", "..", "..", ".."));
    }
}
