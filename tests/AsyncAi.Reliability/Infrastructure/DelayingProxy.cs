using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace AsyncAi.Reliability.Infrastructure;

/// <summary>
/// A TCP proxy on 127.0.0.1 that forwards to a local port and holds every chunk it forwards, in each direction,
/// for <see cref="Delay"/> before passing it on: a slow network between a process and the emulator. The delay is
/// latency, not a rate limit (a chunk leaves its arrival time plus the delay, however many are queued), and can be
/// changed while connections are open; a chunk takes the delay in force when it arrived.
/// </summary>
internal sealed class DelayingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Lock _gate = new();
    private readonly Task _accepting;
    private long _delayTicks;
    private long _delayedChunks;

    private DelayingProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The URL to give a process instead of the emulator's.</summary>
    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>What every chunk waits, in each direction, from now on.</summary>
    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    /// <summary>Chunks forwarded with a delay above zero, both directions together.</summary>
    public long DelayedChunks => Interlocked.Read(ref _delayedChunks);

    /// <summary>Starts a proxy in front of <paramref name="target"/> (a URL on 127.0.0.1, e.g. the emulator's).</summary>
    public static DelayingProxy Start(Uri target) => new(target.Port);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        Task[] open;
        lock (_gate)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, connection.Token);
            client.NoDelay = true;
            upstream.NoDelay = true;
            var toTarget = PumpAsync(client.GetStream(), upstream.GetStream(), connection);
            var toClient = PumpAsync(upstream.GetStream(), client.GetStream(), connection);
            await Task.WhenAny(toTarget, toClient);

            // One side closed: close both, as a plain TCP hop would once its peer is gone.
            await connection.CancelAsync();
            await Task.WhenAll(toTarget, toClient);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException)
        {
        }
    }

    /// <summary>Reads chunks from one side and writes each to the other once its delay has passed.</summary>
    private async Task PumpAsync(Stream from, Stream to, CancellationTokenSource connection)
    {
        var chunks = Channel.CreateUnbounded<(byte[] Bytes, long DueTimestamp)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var writing = WriteAsync(chunks.Reader, to, connection.Token);
        try
        {
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await from.ReadAsync(buffer, connection.Token)) > 0)
            {
                var delay = Delay;
                if (delay > TimeSpan.Zero)
                {
                    Interlocked.Increment(ref _delayedChunks);
                }

                chunks.Writer.TryWrite((buffer[..read], TimeProvider.System.GetTimestamp() + (long)(delay.TotalSeconds * TimeProvider.System.TimestampFrequency)));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            chunks.Writer.TryComplete();
        }

        await writing;
    }

    private static async Task WriteAsync(ChannelReader<(byte[] Bytes, long DueTimestamp)> chunks, Stream to, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var (bytes, due) in chunks.ReadAllAsync(cancellationToken))
            {
                var wait = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                await to.WriteAsync(bytes, cancellationToken);
            }

            // The sender finished its half: pass the end on once everything before it has been delivered.
            if (to is NetworkStream network)
            {
                network.Socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }
}
