using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace AsyncAi.Aws.Sqs;

/// <summary>
/// SQS answered a batch call and failed one of its entries. Unlike an error of the whole call, this one is certain:
/// SQS saw the entry and did not act on it. <see cref="AmazonServiceException.ErrorType"/> says whose fault it was
/// (<see cref="ErrorType.Sender"/>: the same entry would fail again; otherwise worth one more try).
/// </summary>
internal sealed class SqsEntryFailedException : AmazonSQSException
{
    /// <param name="operation">The batch operation, for the message.</param>
    /// <param name="entry">The failed entry as SQS reported it.</param>
    public SqsEntryFailedException(string operation, BatchResultErrorEntry entry)
        : base($"{operation} entry failed: {entry?.Code} {entry?.Message}")
    {
        ArgumentNullException.ThrowIfNull(entry);
        ErrorCode = entry.Code;
        ErrorType = entry.SenderFault == true ? ErrorType.Sender : ErrorType.Receiver;
        EntryMessage = entry.Message;
    }

    /// <summary>SQS's own text for the entry, without the operation and code.</summary>
    public string? EntryMessage { get; }

    /// <summary>Whether SQS blamed the entry itself, so that sending it again would fail the same way.</summary>
    public bool IsSenderFault => ErrorType == ErrorType.Sender;
}
