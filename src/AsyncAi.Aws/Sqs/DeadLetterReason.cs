using System.Text;

namespace AsyncAi.Aws.Sqs;

/// <summary>
/// The one rule for the reason a dead-lettered message carries: only characters SQS accepts in an attribute value
/// (#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF), others replaced by U+FFFD, and at most
/// <see cref="MaxLength"/> characters. A reason echoes untrusted text (a job id, a job type, a parser's message), and
/// a value SQS refuses would make the move fail and the message loop instead of resting in the dead-letter queue.
/// </summary>
internal static class DeadLetterReason
{
    /// <summary>The longest reason kept.</summary>
    public const int MaxLength = 1024;

    /// <summary>The reason, made safe to send.</summary>
    public static string Sanitize(string? reason)
    {
        if (string.IsNullOrEmpty(reason))
        {
            return "(no reason given)";
        }

        var builder = new StringBuilder(Math.Min(reason.Length, MaxLength));
        foreach (var rune in reason.EnumerateRunes())
        {
            if (builder.Length + rune.Utf16SequenceLength > MaxLength)
            {
                break;
            }

            builder.Append(IsAllowed(rune) ? rune : Rune.ReplacementChar);
        }

        return builder.ToString();
    }

    /// <summary>Whether SQS accepts the character in a message attribute or body.</summary>
    public static bool IsAllowed(Rune rune) =>
        rune.Value is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF);
}
