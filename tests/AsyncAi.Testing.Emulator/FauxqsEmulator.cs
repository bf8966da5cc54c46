using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace AsyncAi.Testing.Emulator;

/// <summary>
/// A private fauxqs process (a local SQS + SNS + S3 emulator) for integration tests: its own free loopback
/// port, its own temporary data folder, and AWS SDK clients pointed at it.
/// </summary>
/// <remarks>
/// <para>
/// Every instance is independent, so test classes and test projects that run in parallel never share
/// queues, buckets or ports. Start one with <see cref="StartAsync"/> and dispose it to kill the process and
/// delete its data. The process also exits on its own when the test host dies (it watches its stdin), so a
/// crashed run leaves no emulator behind.
/// </para>
/// <para>
/// The emulator accepts any credentials and checks no signatures, and presigned URLs never expire there:
/// tests of signing, expiry or key scoping must inspect what the code produces instead.
/// </para>
/// </remarks>
public sealed partial class FauxqsEmulator : IAsyncDisposable
{
    /// <summary>The region the clients sign for and fauxqs puts in ARNs and queue URLs.</summary>
    public const string Region = "us-east-1";

    private const int OutputLinesKept = 200;

    // Health probes are tiny and local: one shared client, short timeout, no proxy (a CI proxy setting
    // must not catch loopback traffic).
    private static readonly HttpClient HealthClient = new(new SocketsHttpHandler { UseProxy = false })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    private readonly FauxqsEmulatorOptions _options;
    private readonly LocalAwsTools _tools;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly Lazy<AmazonSQSClient> _sqs;
    private readonly Lazy<AmazonS3Client> _s3;
    private Process? _process;
    private int _port;
    private bool _disposed;

    private FauxqsEmulator(FauxqsEmulatorOptions options, LocalAwsTools tools)
    {
        _options = options;
        _tools = tools;
        DataDirectory = Path.Combine(Path.GetTempPath(), "asyncai-fauxqs", Guid.NewGuid().ToString("N"));
        _sqs = new Lazy<AmazonSQSClient>(CreateSqsClient);
        _s3 = new Lazy<AmazonS3Client>(CreateS3Client);
    }

    /// <summary>
    /// Dummy credentials for the emulator, which ignores them. Real ones must never be needed in tests, and
    /// explicit ones keep the SDK from searching the machine's profile, environment and instance metadata.
    /// </summary>
    public static AWSCredentials Credentials { get; } = new BasicAWSCredentials("test", "test");

    /// <summary>The emulator's endpoint, <c>http://127.0.0.1:PORT</c>; the same across <see cref="RestartAsync"/>.</summary>
    public Uri ServiceUrl => new($"http://127.0.0.1:{_port.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The loopback TCP port the emulator listens on.</summary>
    public int Port => _port;

    /// <summary>The temporary folder of this emulator's SQLite state; deleted on dispose.</summary>
    public string DataDirectory { get; }

    /// <summary>Whether the emulator process is running (false between <see cref="StopAsync"/> and a restart).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the emulator wrote to stdout and stderr, for diagnosing a failed test.</summary>
    public IReadOnlyList<string> RecentOutput => [.. _output];

    /// <summary>
    /// Installs the tools if needed (scripts/local-aws/install.sh), starts a new emulator on a free port and
    /// waits until it answers <c>GET /health</c>.
    /// </summary>
    /// <param name="options">Start settings; <see langword="null"/> for the defaults.</param>
    /// <param name="cancellationToken">Cancels the install and the start.</param>
    /// <returns>The running emulator; the caller disposes it.</returns>
    /// <exception cref="InvalidOperationException">The tools could not be installed or the process failed.</exception>
    /// <exception cref="TimeoutException">The emulator did not become healthy in time.</exception>
    public static async Task<FauxqsEmulator> StartAsync(
        FauxqsEmulatorOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new FauxqsEmulatorOptions();
        var tools = LocalAwsTools.Locate();
        await tools.EnsureInstalledAsync(options.InstallTimeout, cancellationToken).ConfigureAwait(false);

        var emulator = new FauxqsEmulator(options, tools);
        try
        {
            // Port 0: the kernel picks a free port inside the bind call, so parallel starts cannot race for one.
            await emulator.StartProcessAsync(requestedPort: 0, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return emulator;
    }

    /// <summary>
    /// A name no other test uses, for queues and buckets: <paramref name="prefix"/>, a dash and 16 hex digits.
    /// Valid as an SQS queue name and, for a lowercase prefix, as an S3 bucket name; add ".fifo" for FIFO queues.
    /// </summary>
    /// <param name="prefix">1 to 40 characters; lowercase letters, digits and dashes suit both SQS and S3.</param>
    /// <returns>For example <c>jobs-3f2a9c0d41b7e8a6</c>.</returns>
    public static string UniqueName(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        if (prefix.Length > 40)
        {
            // S3 bucket names stop at 63 characters; 40 + 17 leaves room for a ".fifo" suffix on queues too.
            throw new ArgumentException("The prefix must be at most 40 characters.", nameof(prefix));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{prefix}-{Guid.NewGuid():N}")[..(prefix.Length + 17)];
    }

    /// <summary>
    /// A new SQS client for this emulator (AWS SDK v4 settings: ServiceURL, signing region us-east-1, dummy
    /// credentials). The caller disposes it. It keeps working across <see cref="RestartAsync"/>.
    /// </summary>
    /// <returns>A client that talks to this emulator only.</returns>
    public AmazonSQSClient CreateSqsClient() => new(Credentials, CreateSqsConfig());

    /// <summary>
    /// A new S3 client for this emulator, with path-style addressing (bucket in the path, not the host name,
    /// so no DNS for <c>bucket.127.0.0.1</c> is needed). The caller disposes it.
    /// </summary>
    /// <returns>A client that talks to this emulator only.</returns>
    public AmazonS3Client CreateS3Client() => new(Credentials, CreateS3Config());

    /// <summary>SQS client settings pointing at this emulator, for code under test that builds its own client.</summary>
    /// <returns>A new config object.</returns>
    public AmazonSQSConfig CreateSqsConfig() => new()
    {
        ServiceURL = ServiceUrl.GetLeftPart(UriPartial.Authority),
        AuthenticationRegion = Region,
    };

    /// <summary>S3 client settings pointing at this emulator, for code under test that builds its own client.</summary>
    /// <returns>A new config object.</returns>
    public AmazonS3Config CreateS3Config() => new()
    {
        ServiceURL = ServiceUrl.GetLeftPart(UriPartial.Authority),
        AuthenticationRegion = Region,
        ForcePathStyle = true,
    };

    /// <summary>Creates a queue and returns its URL (fauxqs answers <c>http://sqs.us-east-1.localhost:PORT/000000000000/NAME</c>).</summary>
    /// <param name="name">The queue name; see <see cref="UniqueName"/>.</param>
    /// <param name="attributes">
    /// Queue attributes such as <c>VisibilityTimeout</c>, <c>RedrivePolicy</c> or <c>FifoQueue</c>; may be null.
    /// </param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The queue URL, to pass to SendMessage, ReceiveMessage and friends.</returns>
    public async Task<string> CreateQueueAsync(
        string name,
        IReadOnlyDictionary<string, string>? attributes = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var request = new CreateQueueRequest { QueueName = name };
        if (attributes is not null)
        {
            request.Attributes = attributes.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        }

        var response = await _sqs.Value.CreateQueueAsync(request, cancellationToken).ConfigureAwait(false);
        return response.QueueUrl;
    }

    /// <summary>Creates a bucket.</summary>
    /// <param name="name">The bucket name: lowercase, 3 to 63 characters; see <see cref="UniqueName"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the bucket exists.</returns>
    public async Task CreateBucketAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        await _s3.Value.PutBucketAsync(new PutBucketRequest { BucketName = name }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Kills the emulator process at once (SIGKILL, as in a crash), keeping its data folder and port for
    /// <see cref="RestartAsync"/>. Requests made meanwhile fail as against an unreachable AWS endpoint.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for the lifecycle lock.</param>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await KillProcessAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Kills the emulator (if running) and starts it again on the same port and the same data, as a crash
    /// and restart of the real service would look to the code under test. With
    /// <see cref="FauxqsEmulatorOptions.Persistence"/> on, queues, messages (with their receive counts and
    /// in-flight state), buckets and objects survive; existing clients keep working.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the restarted emulator answers <c>GET /health</c>.</returns>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            await KillProcessAsync().ConfigureAwait(false);

            // The port was just freed, but another process on the machine may take it in the meantime; a short
            // retry covers the window, and a lasting conflict surfaces as the start error.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await StartProcessAsync(_port, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (InvalidOperationException) when (attempt < 10 && _output.Any(l => l.Contains("EADDRINUSE", StringComparison.Ordinal)))
                {
                    _output.Clear();
                    await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Kills the emulator process and deletes its data folder.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_sqs.IsValueCreated)
            {
                _sqs.Value.Dispose();
            }

            if (_s3.IsValueCreated)
            {
                _s3.Value.Dispose();
            }

            await KillProcessAsync().ConfigureAwait(false);
            TryDeleteDataDirectory();
        }
        finally
        {
            // The semaphore is not disposed: it has no wait handle to free, and a second DisposeAsync
            // must still be able to take it and return.
            _lifecycle.Release();
        }
    }

    [GeneratedRegex(@"^fauxqs listening on http://\S+:(?<port>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ListeningLine();

    private async Task StartProcessAsync(int requestedPort, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(DataDirectory);

        var startInfo = new ProcessStartInfo(_tools.NodePath)
        {
            UseShellExecute = false,
            // stdin stays open as a lifeline: the launcher exits when it closes, i.e. when this process dies.
            RedirectStandardInput = true,
            // Read both streams continuously; an unread pipe would fill up and block the emulator.
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _tools.RepoRoot,
        };

        // node:sqlite prints an ExperimentalWarning on every start in Node 22; it is noise here.
        startInfo.ArgumentList.Add("--disable-warning=ExperimentalWarning");
        startInfo.ArgumentList.Add(_tools.LauncherPath);

        // Settings from the developer's shell (say, FAUXQS_INIT or FAUXQS_PORT from start.sh) must not leak in.
        foreach (var key in startInfo.Environment.Keys.Where(k => k.StartsWith("FAUXQS_", StringComparison.Ordinal)).ToList())
        {
            startInfo.Environment.Remove(key);
        }

        startInfo.Environment["LOCAL_AWS_TOOLS_DIR"] = _tools.ToolsDirectory;
        startInfo.Environment["FAUXQS_PORT"] = requestedPort.ToString(CultureInfo.InvariantCulture);
        startInfo.Environment["FAUXQS_BIND_HOST"] = "127.0.0.1";
        startInfo.Environment["FAUXQS_LOGGER"] = _options.RequestLogging ? "true" : "false";
        startInfo.Environment["FAUXQS_EXIT_WITH_STDIN"] = "1";
        startInfo.Environment["FAUXQS_CORS"] = _options.Cors ? "true" : "false";
        if (_options.Persistence)
        {
            startInfo.Environment["FAUXQS_DATA_DIR"] = DataDirectory;
            startInfo.Environment["FAUXQS_PERSISTENCE"] = "true";
        }

        if (!string.IsNullOrEmpty(_options.InitConfigPath))
        {
            startInfo.Environment["FAUXQS_INIT"] = Path.GetFullPath(_options.InitConfigPath);
        }

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            Remember(e.Data);
            var match = ListeningLine().Match(e.Data);
            if (match.Success)
            {
                listening.TrySetResult(int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Remember(e.Data);
            }
        };

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"Could not start '{_tools.NodePath}'; run scripts/local-aws/install.sh and check its output.", ex);
        }

        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(_options.StartTimeout);
        try
        {
            var exited = process.WaitForExitAsync(timeoutSource.Token);
            var first = await Task.WhenAny(listening.Task, exited).ConfigureAwait(false);
            if (first != listening.Task)
            {
                await exited.ConfigureAwait(false); // throws OperationCanceledException on timeout
                throw new InvalidOperationException(
                    $"fauxqs exited with code {process.ExitCode} while starting. Output:\n{string.Join('\n', _output)}");
            }

            _port = await listening.Task.ConfigureAwait(false);
            await WaitUntilHealthyAsync(process, timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await KillProcessAsync().ConfigureAwait(false);
            throw new TimeoutException(
                $"fauxqs did not answer GET /health within {_options.StartTimeout.TotalSeconds:0}s " +
                $"(FauxqsEmulatorOptions.StartTimeout). Output:\n{string.Join('\n', _output)}");
        }
        catch
        {
            await KillProcessAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task WaitUntilHealthyAsync(Process process, CancellationToken cancellationToken)
    {
        var healthUrl = new Uri(ServiceUrl, "/health");
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"fauxqs exited with code {process.ExitCode} before it was healthy. Output:\n{string.Join('\n', _output)}");
            }

            try
            {
                using var response = await HealthClient.GetAsync(healthUrl, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    using var json = JsonDocument.Parse(body);
                    if (json.RootElement.TryGetProperty("status", out var status) && status.GetString() == "ok")
                    {
                        return;
                    }
                }
            }
            catch (HttpRequestException)
            {
                // Not accepting connections yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // One probe timed out; the overall deadline is the token's.
            }
            catch (JsonException)
            {
                // Answered, but not yet with the health document.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task KillProcessAsync()
    {
        var process = _process;
        _process = null;
        if (process is null)
        {
            return;
        }

        try
        {
            // The launcher is a single node process, but kill the tree in case a future one forks.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Leave it; the closed stdin makes it exit on its own.
        }

        process.Dispose();
    }

    private void Remember(string line)
    {
        _output.Enqueue(line);
        while (_output.Count > OutputLinesKept && _output.TryDequeue(out _))
        {
        }
    }

    private void TryDeleteDataDirectory()
    {
        try
        {
            if (Directory.Exists(DataDirectory))
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test run over it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
