namespace AsyncAi.Client.Tests.Support;

/// <summary>Reads what is on a queue, as a worker or an operator would.</summary>
internal static class QueueReader
{
    /// <summary>Receives until <paramref name="expected"/> messages arrived or a generous deadline passed; deletes nothing.</summary>
    public static async Task<List<Message>> ReceiveAsync(IAmazonSQS sqs, Uri queueUrl, int expected, TimeSpan? timeout = null, TimeSpan? visibility = null)
    {
        var messages = new List<Message>();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (messages.Count < expected && !deadline.IsCancellationRequested)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl.AbsoluteUri,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                VisibilityTimeout = (int)(visibility ?? TimeSpan.FromMinutes(5)).TotalSeconds,
                MessageAttributeNames = ["All"],
            });
            messages.AddRange(response.Messages ?? []);
        }

        return messages;
    }

    /// <summary>Whether the queue is empty after a short wait: nothing visible and nothing arriving within the wait.</summary>
    public static async Task<List<Message>> DrainAsync(IAmazonSQS sqs, Uri queueUrl, TimeSpan wait)
    {
        var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl.AbsoluteUri,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = (int)wait.TotalSeconds,
            MessageAttributeNames = ["All"],
        });
        return response.Messages ?? [];
    }
}
