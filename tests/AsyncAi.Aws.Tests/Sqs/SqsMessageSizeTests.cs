using AsyncAi.Aws.Sqs;

namespace AsyncAi.Aws.Tests.Sqs;

public sealed class SqsMessageSizeTests
{
    [Fact]
    public void Counts_the_utf8_body_and_each_attributes_name_type_and_value()
    {
        var size = SqsMessageSize.Of("héllo", [new("asyncai-v", "1"), new("k", "vv")]);

        // body 6 bytes (é is 2); "asyncai-v" 9 + "String" 6 + 1; "k" 1 + "String" 6 + 2
        Assert.Equal(6 + 16 + 9, size);
    }

    [Fact]
    public void An_empty_message_has_no_size() => Assert.Equal(0, SqsMessageSize.Of(string.Empty, []));
}
