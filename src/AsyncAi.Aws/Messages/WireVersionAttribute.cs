using System.Globalization;
using Amazon.SQS.Model;
using AsyncAi.WireFormat;

namespace AsyncAi.Aws.Messages;

/// <summary>Judges the <c>asyncai-v</c> attribute before any body is read; a message without it is judged by its body's "v".</summary>
internal static class WireVersionAttribute
{
    /// <summary>The attribute value this library writes.</summary>
    public static string Current { get; } = JobWireFormat.CurrentVersion.ToString(CultureInfo.InvariantCulture);

    /// <exception cref="UnsupportedWireVersionException">The attribute names another version.</exception>
    /// <exception cref="WireFormatException">The attribute is not an integer.</exception>
    public static void Check(Message message)
    {
        var text = MessageAttributes.Get(message, MessageAttributeNames.WireVersion);
        if (text is null)
        {
            return;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw new WireFormatException($"The message attribute {MessageAttributeNames.WireVersion}='{text}' is not an integer.");
        }

        if (version != JobWireFormat.CurrentVersion)
        {
            throw new UnsupportedWireVersionException(version, JobWireFormat.CurrentVersion);
        }
    }
}
