using Moq;

namespace AsyncAi.Worker.Tests.Sqs;

/// <summary>
/// A crash while processing a message (a bug or a broken dependency, not a job's outcome) must neither take the worker
/// down nor loop the message for ever: after as many crashed receives as a job has attempts it is dead-lettered with
/// the crash as its reason.
/// </summary>
public sealed class ProcessingCrashTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task A_message_that_crashes_processing_on_every_receive_is_dead_lettered_after_max_attempts_with_the_crash_as_reason()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);

        // The claim-checked body is loaded through this client, which fails in a way no S3 client is expected to.
        var s3 = new Mock<IAmazonS3>();
        s3.Setup(c => c.GetObjectAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("the S3 client is broken"));
        await env.StartWorkerAsync(o => o.MaxAttempts = 2, s => s.AddSingleton(s3.Object), registerS3: false);
        var id = JobId.New();
        var claimCheck = new ClaimCheck { ClaimCheckLocation = new ObjectReference(env.Bucket, $"jobs/{id}/{JobStorageLayout.RequestObject}"), SizeBytes = 300 };

        await env.Sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = env.RequestQueueUrl.ToString(),
            MessageBody = JobWireFormat.Serialize(claimCheck),
            MessageAttributes = new Dictionary<string, MessageAttributeValue>
            {
                [MessageAttributeNames.BodyKind] = new() { DataType = "String", StringValue = BodyKinds.ClaimCheck },
                [MessageAttributeNames.JobId] = new() { DataType = "String", StringValue = id.Value },
            },
        });
        var dead = await env.ReceiveDeadLetterAsync();

        var reason = dead.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue;
        Assert.Contains("crashed on 2 receives", reason, StringComparison.Ordinal);
        Assert.Contains("the S3 client is broken", reason, StringComparison.Ordinal);
        s3.Verify(c => c.GetObjectAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }
}
