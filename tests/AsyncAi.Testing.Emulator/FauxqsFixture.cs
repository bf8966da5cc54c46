namespace AsyncAi.Testing.Emulator;

/// <summary>
/// An xunit fixture that owns one <see cref="FauxqsEmulator"/>: started before the first test of the class
/// (<c>IClassFixture&lt;FauxqsFixture&gt;</c>) or collection (see <see cref="FauxqsCollection"/>), killed
/// after the last.
/// </summary>
/// <remarks>
/// Tests that share a fixture share queues and buckets, so each should create its own with
/// <see cref="FauxqsEmulator.UniqueName"/>. A test that stops or restarts the emulator affects every test
/// sharing it; such tests are better off with their own <see cref="FauxqsEmulator.StartAsync"/>.
/// Derive from this class and override <see cref="CreateOptions"/> for other start settings.
/// </remarks>
public class FauxqsFixture : IAsyncLifetime
{
    private FauxqsEmulator? _emulator;

    /// <summary>The running emulator.</summary>
    /// <exception cref="InvalidOperationException">Read before xunit initialised the fixture or after it disposed it.</exception>
    public FauxqsEmulator Emulator =>
        _emulator ?? throw new InvalidOperationException("The fauxqs fixture is not running (not yet initialised, or disposed).");

    /// <summary>Starts the emulator; called by xunit.</summary>
    /// <returns>A task that completes when the emulator is healthy.</returns>
    public async Task InitializeAsync() =>
        _emulator = await FauxqsEmulator.StartAsync(CreateOptions()).ConfigureAwait(false);

    /// <summary>Kills the emulator and deletes its data; called by xunit.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
            _emulator = null;
        }
    }

    /// <summary>The settings the emulator starts with; override to change them.</summary>
    /// <returns>The defaults of <see cref="FauxqsEmulatorOptions"/> unless overridden.</returns>
    protected virtual FauxqsEmulatorOptions CreateOptions() => new();
}
