using AsyncAi.WireFormat;

namespace AsyncAi.Aws.Sqs;

/// <summary>One message to send: its body and string attributes, with its SQS size counted once.</summary>
internal sealed class SqsOutgoingMessage
{
    public SqsOutgoingMessage(string body, IReadOnlyCollection<KeyValuePair<string, string>> attributes)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(attributes);
        Body = body;
        Attributes = attributes;
        SizeBytes = SqsMessageSize.Of(body, attributes);
    }

    /// <summary>The message body.</summary>
    public string Body { get; }

    /// <summary>The message's string attributes.</summary>
    public IReadOnlyCollection<KeyValuePair<string, string>> Attributes { get; }

    /// <summary>The size SQS counts against its limits.</summary>
    public int SizeBytes { get; }

    /// <summary>Set when a later message makes this one pointless; if it is still queued then, it is not sent.</summary>
    public bool IsObsolete
    {
        get => Volatile.Read(ref _obsolete);
        set => Volatile.Write(ref _obsolete, value);
    }

    private bool _obsolete;
}
