using Amazon.Runtime;
using AsyncAi.Worker.Sqs;

namespace AsyncAi.Worker.Tests.Sqs;

/// <summary>
/// Real SQS rejects a ChangeMessageVisibility that would keep a message hidden past 12 hours from its receive
/// ("more than the maximum time left"); fauxqs only checks 0..43200. These tests hold the worker to the real rule.
/// </summary>
public sealed class TwelveHourLimitTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task Without_a_dead_letter_queue_an_unreadable_message_is_hidden_for_no_longer_than_SQS_accepts()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        // A request queue with no RedrivePolicy and no configured dead-letter queue: the worker can only hide it.
        var queue = new Uri(await env.Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("no-dlq")));
        var sqs = new TwelveHourRuleSqsClient(env.Emulator);
        await env.StartWorkerAsync(
            o =>
            {
                o.RequestQueueUrl = queue;
                o.DeadLetterQueueUrl = null;
            },
            s => s.AddSingleton<IAmazonSQS>(sqs));

        await env.Sqs.SendMessageAsync(queue.ToString(), "this is not json");
        var change = await sqs.FirstVisibilityChange.Task.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Null(change.Rejection);
        Assert.True(change.Seconds >= 11 * 3600, $"The message should stay hidden for about 12 hours, was {change.Seconds} s.");
    }

    [Theory]
    [InlineData(0, 11 * 60 + 59)]
    [InlineData(3 * 60, 8 * 60 + 59)]
    [InlineData(12 * 60, 0)]
    [InlineData(13 * 60, 0)]
    public void Time_left_for_a_message_counts_from_its_receive_with_a_margin(int minutesSinceReceive, int expectedMinutesLeft)
    {
        var receivedAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var left = AsyncAi.Aws.Sqs.SqsLimits.VisibilityLeft(receivedAt, receivedAt.AddMinutes(minutesSinceReceive));

        Assert.Equal(TimeSpan.FromMinutes(expectedMinutesLeft), left);
    }

    /// <summary>The emulator's client, plus the 12-hour rule of real SQS on visibility changes.</summary>
    private sealed class TwelveHourRuleSqsClient(FauxqsEmulator emulator) : AmazonSQSClient(FauxqsEmulator.Credentials, emulator.CreateSqsConfig())
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> _receivedAt = new(StringComparer.Ordinal);

        public TaskCompletionSource<(int Seconds, string? Rejection)> FirstVisibilityChange { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<ReceiveMessageResponse> ReceiveMessageAsync(ReceiveMessageRequest request, CancellationToken cancellationToken = default)
        {
            var response = await base.ReceiveMessageAsync(request, cancellationToken);
            // Stamped before the caller sees the response, like SQS, whose clock starts at the receive.
            var now = DateTimeOffset.UtcNow;
            foreach (var message in response.Messages ?? [])
            {
                _receivedAt[message.ReceiptHandle] = now;
            }

            return response;
        }

        public override Task<ChangeMessageVisibilityResponse> ChangeMessageVisibilityAsync(string queueUrl, string receiptHandle, int? visibilityTimeout, CancellationToken cancellationToken = default) =>
            ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest { QueueUrl = queueUrl, ReceiptHandle = receiptHandle, VisibilityTimeout = visibilityTimeout }, cancellationToken);

        public override Task<ChangeMessageVisibilityResponse> ChangeMessageVisibilityAsync(ChangeMessageVisibilityRequest request, CancellationToken cancellationToken = default)
        {
            var rejection = Check(request.ReceiptHandle, request.VisibilityTimeout ?? 0);
            FirstVisibilityChange.TrySetResult((request.VisibilityTimeout ?? 0, rejection));
            return rejection is null
                ? base.ChangeMessageVisibilityAsync(request, cancellationToken)
                : throw new AmazonSQSException(rejection, ErrorType.Sender, "InvalidParameterValue", "test", HttpStatusCode.BadRequest);
        }

        public override async Task<ChangeMessageVisibilityBatchResponse> ChangeMessageVisibilityBatchAsync(ChangeMessageVisibilityBatchRequest request, CancellationToken cancellationToken = default)
        {
            // Real SQS judges each entry alone and reports the refused ones as failed entries.
            var refused = new List<BatchResultErrorEntry>();
            var allowed = new List<ChangeMessageVisibilityBatchRequestEntry>();
            foreach (var entry in request.Entries)
            {
                var rejection = Check(entry.ReceiptHandle, entry.VisibilityTimeout ?? 0);
                FirstVisibilityChange.TrySetResult((entry.VisibilityTimeout ?? 0, rejection));
                if (rejection is null)
                {
                    allowed.Add(entry);
                }
                else
                {
                    refused.Add(new BatchResultErrorEntry { Id = entry.Id, Code = "InvalidParameterValue", Message = rejection, SenderFault = true });
                }
            }

            var response = allowed.Count == 0
                ? new ChangeMessageVisibilityBatchResponse { Successful = [], Failed = [] }
                : await base.ChangeMessageVisibilityBatchAsync(new ChangeMessageVisibilityBatchRequest { QueueUrl = request.QueueUrl, Entries = allowed }, cancellationToken);
            response.Failed = [.. response.Failed ?? [], .. refused];
            return response;
        }

        private string? Check(string receiptHandle, int seconds)
        {
            if (!_receivedAt.TryGetValue(receiptHandle, out var receivedAt))
            {
                return null;
            }

            var left = TimeSpan.FromHours(12) - (DateTimeOffset.UtcNow - receivedAt);
            return TimeSpan.FromSeconds(seconds) > left
                ? $"Value {seconds} for parameter VisibilityTimeout is invalid. Reason: Total VisibilityTimeout for the message is beyond the limit [43200 seconds]."
                : null;
        }
    }
}
