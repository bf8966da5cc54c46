namespace AsyncAi.Testing.Emulator;

/// <summary>
/// The base of a test class that runs against its test project's shared emulator: it puts the class in the
/// <see cref="FauxqsCollection"/> (xunit reads the attribute through the base class) and hands it the fixture.
/// </summary>
/// <remarks>
/// The test project still declares the collection definition once (see <see cref="FauxqsCollection"/>); a class
/// then reads <c>public sealed class QueueTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)</c> and uses
/// <see cref="Emulator"/> in its tests.
/// </remarks>
/// <param name="fixture">The fixture xunit passes to every class of the collection.</param>
[Collection(FauxqsCollection.Name)]
public abstract class EmulatorTests(FauxqsFixture fixture)
{
    /// <summary>The shared fixture, for helpers that take it whole.</summary>
    protected FauxqsFixture Fixture { get; } = fixture;

    /// <summary>The running emulator of this test project.</summary>
    protected FauxqsEmulator Emulator => Fixture.Emulator;
}
