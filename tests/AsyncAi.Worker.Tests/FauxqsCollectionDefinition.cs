namespace AsyncAi.Worker.Tests;

[CollectionDefinition(FauxqsCollection.Name)]
public sealed class FauxqsCollectionDefinition : ICollectionFixture<FauxqsFixture>;
