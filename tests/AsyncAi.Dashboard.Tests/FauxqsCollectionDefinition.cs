namespace AsyncAi.Dashboard.Tests;

[CollectionDefinition(FauxqsCollection.Name)]
public sealed class FauxqsCollectionDefinition : ICollectionFixture<FauxqsFixture>;
