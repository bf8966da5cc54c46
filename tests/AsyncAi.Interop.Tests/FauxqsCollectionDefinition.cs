namespace AsyncAi.Interop.Tests;

[CollectionDefinition(FauxqsCollection.Name)]
public sealed class FauxqsCollectionDefinition : ICollectionFixture<FauxqsFixture>;
