namespace AsyncAi.Testing.Emulator.Tests;

/// <summary>
/// Test classes marked [Collection(FauxqsCollection.Name)] share one emulator. xunit 2 looks for collection
/// definitions only in the test assembly, so every test project that shares an emulator declares this.
/// </summary>
[CollectionDefinition(FauxqsCollection.Name)]
public sealed class FauxqsCollectionDefinition : ICollectionFixture<FauxqsFixture>;
