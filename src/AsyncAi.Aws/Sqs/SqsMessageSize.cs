using System.Text;

namespace AsyncAi.Aws.Sqs;

/// <summary>
/// Counts a message the way SQS does against its size limit: the UTF-8 body plus, for every message attribute,
/// its name, its data type and its value. The limit it is measured against is <see cref="SqsLimits.MaxMessageBytes"/>.
/// </summary>
internal static class SqsMessageSize
{
    /// <summary>Counts the bytes of a body with string attributes.</summary>
    /// <param name="body">The body.</param>
    /// <param name="stringAttributes">Attribute names and string values.</param>
    public static int Of(string body, IEnumerable<KeyValuePair<string, string>> stringAttributes)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(stringAttributes);
        var size = Encoding.UTF8.GetByteCount(body);
        foreach (var (name, value) in stringAttributes)
        {
            size += Encoding.UTF8.GetByteCount(name) + "String".Length + Encoding.UTF8.GetByteCount(value);
        }

        return size;
    }
}
