using System.Diagnostics;
using System.Text;

namespace AsyncAi.Testing.Emulator;

/// <summary>
/// Where the repository keeps the emulator's tools, and how to install them. The scripts under
/// scripts/local-aws are the single source of truth for versions and layout; this class only calls them.
/// </summary>
internal sealed class LocalAwsTools
{
    private const string SolutionFileName = "AsyncAi.sln";

    // One install attempt per process: the script is cheap when cached, but parallel fixtures in one test
    // assembly need not all spawn bash. Across processes the script itself serialises with flock.
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static bool s_installed;

    private LocalAwsTools(string repoRoot, string toolsDirectory)
    {
        RepoRoot = repoRoot;
        ToolsDirectory = toolsDirectory;
    }

    public string RepoRoot { get; }

    public string ToolsDirectory { get; }

    public string NodePath => Path.Combine(ToolsDirectory, "node_modules", ".bin", "node");

    public string LauncherPath => Path.Combine(RepoRoot, "scripts", "local-aws", "fauxqs-server.mjs");

    private string InstallScriptPath => Path.Combine(RepoRoot, "scripts", "local-aws", "install.sh");

    /// <summary>
    /// Finds the repository root: ASYNCAI_REPO_ROOT if set, else the first folder above the test assembly
    /// (or the current directory) that holds AsyncAi.sln. Test assemblies run from bin/…, so walking up works
    /// wherever the clone is.
    /// </summary>
    public static LocalAwsTools Locate()
    {
        var repoRoot = Environment.GetEnvironmentVariable("ASYNCAI_REPO_ROOT");
        if (string.IsNullOrEmpty(repoRoot))
        {
            repoRoot = FindUp(AppContext.BaseDirectory) ?? FindUp(Directory.GetCurrentDirectory())
                ?? throw new InvalidOperationException(
                    $"Could not find {SolutionFileName} above '{AppContext.BaseDirectory}' or " +
                    $"'{Directory.GetCurrentDirectory()}'; set ASYNCAI_REPO_ROOT to the repository root.");
        }

        // Same variable and default as the scripts, so a custom install folder is honoured by both.
        var toolsDirectory = Environment.GetEnvironmentVariable("LOCAL_AWS_TOOLS_DIR");
        if (string.IsNullOrEmpty(toolsDirectory))
        {
            toolsDirectory = Path.Combine(repoRoot, ".tools", "local-aws");
        }

        return new LocalAwsTools(Path.GetFullPath(repoRoot), Path.GetFullPath(toolsDirectory));
    }

    /// <summary>
    /// Runs scripts/local-aws/install.sh (a no-op when the right versions are already there). The script,
    /// not this code, decides whether an install is needed, so a version bump there reaches the tests too.
    /// </summary>
    public async Task EnsureInstalledAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        await InstallGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (s_installed)
            {
                return;
            }

            var startInfo = new ProcessStartInfo("bash")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepoRoot,
            };
            startInfo.ArgumentList.Add(InstallScriptPath);
            startInfo.Environment["LOCAL_AWS_TOOLS_DIR"] = ToolsDirectory;

            using var process = new Process { StartInfo = startInfo };
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => Append(output, e.Data);
            process.ErrorDataReceived += (_, e) => Append(output, e.Data);
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new InvalidOperationException(
                    $"Could not run 'bash {InstallScriptPath}' to install the fauxqs emulator: {ex.Message}", ex);
            }

            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException(
                    $"'{InstallScriptPath}' did not finish within {timeout.TotalSeconds:0}s. Output:\n{Snapshot(output)}");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"'{InstallScriptPath}' failed with exit code {process.ExitCode}. Output:\n{Snapshot(output)}");
            }

            s_installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static string? FindUp(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
