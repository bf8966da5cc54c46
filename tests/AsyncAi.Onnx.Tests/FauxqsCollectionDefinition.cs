using AsyncAi.Testing.Emulator;

namespace AsyncAi.Onnx.Tests;

[CollectionDefinition(FauxqsCollection.Name)]
public sealed class FauxqsCollectionDefinition : ICollectionFixture<FauxqsFixture>;
