using Amazon.Runtime;
using Amazon.SQS.Model;
using AsyncAi.Aws.Sqs;

namespace AsyncAi.Aws.Tests.Sqs;

public sealed class SqsBatchResultsTests
{
    [Fact]
    public void Each_failed_entry_is_matched_back_to_its_request_entry_and_the_rest_succeed()
    {
        var results = SqsBatchResults.PerEntry("SendMessageBatch", 3, [new BatchResultErrorEntry { Id = SqsBatchResults.EntryId(1), Code = "InvalidMessageContents", Message = "bad character", SenderFault = true }]);

        Assert.Null(results[0]);
        Assert.Null(results[2]);
        var failed = Assert.IsType<SqsEntryFailedException>(results[1]);
        Assert.Equal("InvalidMessageContents", failed.ErrorCode);
        Assert.Equal("bad character", failed.EntryMessage);
        Assert.Equal("SendMessageBatch entry failed: InvalidMessageContents bad character", failed.Message);
    }

    [Theory]
    [InlineData(true, ErrorType.Sender)]
    [InlineData(false, ErrorType.Receiver)]
    [InlineData(null, ErrorType.Receiver)]
    public void A_failed_entry_says_whether_SQS_blamed_the_sender(bool? senderFault, ErrorType expected)
    {
        var results = SqsBatchResults.PerEntry("SendMessageBatch", 1, [new BatchResultErrorEntry { Id = "0", Code = "c", Message = "m", SenderFault = senderFault }]);

        var failed = Assert.IsType<SqsEntryFailedException>(results[0]);
        Assert.Equal(expected, failed.ErrorType);
        Assert.Equal(expected == ErrorType.Sender, failed.IsSenderFault);
    }

    [Fact]
    public void Ids_that_name_no_request_entry_are_ignored()
    {
        var results = SqsBatchResults.PerEntry("DeleteMessageBatch", 1, [new BatchResultErrorEntry { Id = "7", Code = "c" }, new BatchResultErrorEntry { Id = "x", Code = "c" }]);

        Assert.Null(Assert.Single(results));
    }
}
