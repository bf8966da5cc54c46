using System.Text.Json;

namespace AsyncAi.EntityFrameworkCore.Tests;

/// <summary>The outbox's pure parts: the stored request, the backoff, the options' rules.</summary>
public sealed class OutboxUnitTests
{
    [Fact]
    public void A_stored_request_reads_back_as_the_request_with_its_id()
    {
        var request = new JobRequest("ocr")
        {
            Inputs = new Dictionary<string, ObjectReference> { ["image"] = new("bucket", "jobs/u-1/j/inputs/image") },
            Parameters = JsonDocument.Parse("""{"lang":"ko","dpi":300}""").RootElement,
            IdempotencyKey = "order-812",
            Deadline = new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero),
            Owner = "u-1",
            Metadata = new Dictionary<string, string> { ["order"] = "812" },
        };
        var id = JobId.Parse("job-1");

        var json = JsonSerializer.Serialize(OutboxRequest.From(request, id), OutboxJsonContext.Default.OutboxRequest);
        var read = JsonSerializer.Deserialize(json, OutboxJsonContext.Default.OutboxRequest)!.ToRequest();

        Assert.Equal(id, read.JobId);
        Assert.Equal(request.JobType, read.JobType);
        Assert.Equal(request.Inputs, read.Inputs);
        Assert.Equal(request.Parameters.Value.GetRawText(), read.Parameters!.Value.GetRawText());
        Assert.Equal(request.IdempotencyKey, read.IdempotencyKey);
        Assert.Equal(request.Deadline, read.Deadline);
        Assert.Equal(request.Owner, read.Owner);
        Assert.Equal(request.Metadata, read.Metadata);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(5, 32)]
    [InlineData(8, 256)]
    [InlineData(9, 300)]
    [InlineData(60, 300)]
    public void The_retry_delay_doubles_from_two_seconds_up_to_five_minutes(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), JobOutboxDispatcher<Support.ShopDb>.RetryDelay(attempt));

    [Fact]
    public void Options_out_of_bounds_are_named_with_their_configuration_path()
    {
        var result = new JobOutboxOptionsValidator().Validate(null, new JobOutboxOptions { BatchSize = 0, PollInterval = TimeSpan.Zero, MaxSendAttempts = 1 });

        Assert.True(result.Failed);
        Assert.Contains("AsyncAi:Outbox:BatchSize = 0: must be between 1 and 10000", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("AsyncAi:Outbox:PollInterval", result.FailureMessage, StringComparison.Ordinal);
        Assert.DoesNotContain("MaxSendAttempts", result.FailureMessage, StringComparison.Ordinal);
    }
}
