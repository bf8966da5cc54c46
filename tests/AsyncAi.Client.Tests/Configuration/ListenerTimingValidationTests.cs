namespace AsyncAi.Client.Tests.Configuration;

public sealed class ListenerTimingValidationTests
{
    [Theory]
    [InlineData(1000, true)]
    [InlineData(20_000, true)]
    [InlineData(500, false)]
    [InlineData(1500, false)]
    [InlineData(19_999, false)]
    public void ListenerWaitTime_must_be_whole_seconds_from_1_to_20(int milliseconds, bool valid)
    {
        var options = Valid();
        options.ListenerWaitTime = TimeSpan.FromMilliseconds(milliseconds);

        var result = Validate(options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains(result.Failures!, f => f.Contains("AsyncAi:Client:ListenerWaitTime", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(1, true)]
    [InlineData(600_000, true)]
    [InlineData(600_001, false)]
    public void ListenerErrorDelay_must_be_positive_and_at_most_10_minutes(int milliseconds, bool valid)
    {
        var options = Valid();
        options.ListenerErrorDelay = TimeSpan.FromMilliseconds(milliseconds);

        var result = Validate(options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains(result.Failures!, f => f.Contains("AsyncAi:Client:ListenerErrorDelay", StringComparison.Ordinal));
        }
    }

    private static AsyncAiClientOptions Valid() => new()
    {
        RequestQueueUrl = new Uri("https://sqs.eu-west-1.amazonaws.com/123456789012/requests"),
        Bucket = "my-bucket",
    };

    private static ValidateOptionsResult Validate(AsyncAiClientOptions options)
        => new AsyncAiClientOptionsValidator(new ClientOptionsSection("AsyncAi:Client")).Validate(null, options);
}
