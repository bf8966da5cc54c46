using System.Collections.Concurrent;

namespace AsyncAi.Testing;

/// <summary>The harness's stand-in for S3: whole objects by bucket and key, each with its content type.</summary>
internal sealed class InMemoryObjectStore
{
    private readonly ConcurrentDictionary<ObjectReference, StoredObject> _objects = new();

    public void Put(ObjectReference location, ReadOnlyMemory<byte> content, string contentType) =>
        _objects[location] = new StoredObject(content.ToArray(), contentType);

    public bool TryGet(ObjectReference location, out StoredObject stored) => _objects.TryGetValue(location, out stored!);

    public bool Contains(ObjectReference location) => _objects.ContainsKey(location);

    public IReadOnlyCollection<ObjectReference> Keys => [.. _objects.Keys];
}

/// <summary>One object's bytes and content type.</summary>
internal sealed record StoredObject(byte[] Content, string ContentType);
