namespace AsyncAi.Testing.Emulator;

/// <summary>
/// The name of the xunit collection whose test classes share one <see cref="FauxqsFixture"/>.
/// </summary>
/// <remarks>
/// xunit 2 only finds collection definitions in the test assembly itself, not in referenced libraries, so
/// each test project that wants a shared emulator declares the definition once:
/// <code>
/// [CollectionDefinition(FauxqsCollection.Name)]
/// public sealed class FauxqsCollectionDefinition : ICollectionFixture&lt;FauxqsFixture&gt;;
/// </code>
/// and derives its test classes from <see cref="EmulatorTests"/> (which carries
/// <c>[Collection(FauxqsCollection.Name)]</c>), taking a <see cref="FauxqsFixture"/> in their constructor. Tests in one collection run one after another; test
/// projects still run in parallel, each with its own emulator on its own port.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Naming",
    "CA1711:Identifiers should not have incorrect suffix",
    Justification = "It names an xunit test collection, which is what the suffix says.")]
public static class FauxqsCollection
{
    /// <summary>The collection name: <c>fauxqs</c>.</summary>
    public const string Name = "fauxqs";
}
