using Amazon.SQS.Model;

namespace AsyncAi.Aws.Messages;

/// <summary>Turns AsyncAi's string attributes into SQS message attributes and back, null-safe for SDK v4 (whose collections may be null).</summary>
internal static class MessageAttributes
{
    /// <summary>SQS message attributes of data type String.</summary>
    public static Dictionary<string, MessageAttributeValue> ToSqs(IEnumerable<KeyValuePair<string, string>> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var result = new Dictionary<string, MessageAttributeValue>(attributes.TryGetNonEnumeratedCount(out var count) ? count : 0, StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            result[name] = new MessageAttributeValue { DataType = "String", StringValue = value };
        }

        return result;
    }

    /// <summary>The string value of an attribute, or <see langword="null"/> when the message lacks it.</summary>
    public static string? Get(Message message, string name)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.MessageAttributes is { } attributes && attributes.TryGetValue(name, out var value) ? value.StringValue : null;
    }
}
