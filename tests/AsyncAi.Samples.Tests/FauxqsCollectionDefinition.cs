namespace AsyncAi.Samples.Tests;

[CollectionDefinition(FauxqsCollection.Name)]
public sealed class FauxqsCollectionDefinition : ICollectionFixture<FauxqsFixture>;
