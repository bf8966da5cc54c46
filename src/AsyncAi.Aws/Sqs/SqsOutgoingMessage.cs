using AsyncAi.WireFormat;

namespace AsyncAi.Aws.Sqs;

/// <summary>One message to send: its body, string attributes and message group, with its SQS size counted once.</summary>
internal sealed class SqsOutgoingMessage
{
    /// <param name="body">The message body.</param>
    /// <param name="attributes">The message's string attributes.</param>
    /// <param name="groupId">
    /// The SQS <c>MessageGroupId</c>, or <see langword="null"/> for none. On a standard queue it names the tenant for
    /// SQS fair queues; on a FIFO queue it is the ordering group. It does not count against the message size.
    /// </param>
    public SqsOutgoingMessage(string body, IReadOnlyCollection<KeyValuePair<string, string>> attributes, string? groupId = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(attributes);
        Body = body;
        Attributes = attributes;
        GroupId = groupId;
        SizeBytes = SqsMessageSize.Of(body, attributes);
    }

    /// <summary>The SQS <c>MessageGroupId</c>, or <see langword="null"/> for none.</summary>
    public string? GroupId { get; }

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
