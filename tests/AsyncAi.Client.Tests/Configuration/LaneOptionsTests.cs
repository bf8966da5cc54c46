namespace AsyncAi.Client.Tests.Configuration;

/// <summary>Priority lanes of the producer: lane name to request queue, bound from configuration and checked at start.</summary>
public sealed class LaneOptionsTests
{
    [Fact]
    public void Lanes_bind_from_configuration_by_name()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Lanes:high"] = "https://sqs/high",
            ["Lanes:bulk"] = "https://sqs/bulk",
        }).Build();
        var options = new AsyncAiClientOptions();

        configuration.Bind(options);

        Assert.Equal(new Uri("https://sqs/high"), options.Lanes["high"]);
        Assert.Equal(new Uri("https://sqs/bulk"), options.Lanes["bulk"]);
    }

    [Fact]
    public void A_lane_with_a_bad_name_or_url_is_named_in_the_errors()
    {
        var options = new AsyncAiClientOptions { RequestQueueUrl = new Uri("https://sqs/requests"), Bucket = "jobs" };
        options.Lanes["no spaces"] = new Uri("https://sqs/x");
        options.Lanes["ftp"] = new Uri("ftp://sqs/x");

        var failures = new AsyncAiClientOptionsValidator(new ClientOptionsSection("AsyncAi:Client")).Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("AsyncAi:Client:Lanes:no spaces ", StringComparison.Ordinal) && f.Contains("letters, digits", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("AsyncAi:Client:Lanes:ftp ", StringComparison.Ordinal));
    }
}
