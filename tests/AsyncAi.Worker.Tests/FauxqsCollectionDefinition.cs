using AsyncAi.Testing.Emulator;

namespace AsyncAi.Worker.Tests;

/// <summary>
/// The emulator of this project runs without persistence: with persistence on, fauxqs 2.4.1 fails
/// ChangeMessageVisibility with VisibilityTimeout 0 (its SQLite update violates a NOT NULL column after the message
/// has left the in-flight set), which loses the message, and releasing messages at once is what shutdown does.
/// </summary>
public sealed class WorkerFauxqsFixture : FauxqsFixture
{
    protected override FauxqsEmulatorOptions CreateOptions() => new() { Persistence = false };
}

[CollectionDefinition(FauxqsCollection.Name)]
public sealed class FauxqsCollectionDefinition : ICollectionFixture<WorkerFauxqsFixture>;
