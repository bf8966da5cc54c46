using AsyncAi.Testing.Emulator;

namespace AsyncAi.EntityFrameworkCore.Tests.Support;

/// <summary>The tests that share one server.</summary>
public static class PostgresTests
{
    public const string Collection = "PostgreSQL";
}

/// <summary>One PostgreSQL server for the collection; the outbox tests send through the emulator too, so it owns one of each.</summary>
[CollectionDefinition(PostgresTests.Collection)]
public sealed class PostgresCollectionDefinition : ICollectionFixture<PostgresServer>, ICollectionFixture<FauxqsFixture>;
