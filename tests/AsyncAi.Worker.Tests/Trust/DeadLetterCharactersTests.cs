using System.Text.Json.Nodes;

namespace AsyncAi.Worker.Tests.Trust;

/// <summary>
/// A dead-letter reason echoes the job's id and type; real SQS refuses attribute values with control characters,
/// so an unsanitized reason would make the move fail and the message loop. The worker here talks to an SQS as
/// strict as the real one.
/// </summary>
public sealed class DeadLetterCharactersTests(FauxqsFixture fixture) : EmulatorTests(fixture)
{
    [Fact]
    public async Task The_strict_client_refuses_an_attribute_with_a_control_character_as_real_SQS_does()
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        var strict = new StrictSqsCharacters();
        using var sqs = strict.CreateClient(env.Emulator);

        await Assert.ThrowsAnyAsync<AmazonSQSException>(() => sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = env.DeadLetterQueueUrl.ToString(),
            MessageBody = "{}",
            MessageAttributes = new() { ["reason"] = new MessageAttributeValue { DataType = "String", StringValue = "bad\u0007id" } },
        }));
        Assert.Equal(1, strict.Refused);
    }

    [Theory]
    [InlineData("jobId", "bad\u0007id\u001b[2J")]
    [InlineData("jobType", "echo\u0001\u001b[2J")]
    public async Task A_job_with_control_characters_is_dead_lettered_with_a_sanitized_reason_through_a_strict_SQS(string field, string value)
    {
        await using var env = await WorkerTestEnvironment.CreateAsync(Fixture, withClient: false);
        var strict = new StrictSqsCharacters();
        await env.StartWorkerAsync(services: s => s.AddSingleton<IAmazonSQS>(_ => strict.CreateClient(env.Emulator)));
        var id = JobId.New();
        var job = new JobMessage { JobId = id, JobType = "echo", CreatedAt = DateTimeOffset.UtcNow, OutputPrefix = new ObjectReference(env.Bucket, JobStorageLayout.JobPrefix("jobs/", id, null)) };
        var body = JsonNode.Parse(JobWireFormat.Serialize(job))!.AsObject();
        body[field] = value;

        await env.Sqs.SendMessageAsync(env.RequestQueueUrl.ToString(), body.ToJsonString());
        var dead = await env.ReceiveDeadLetterAsync();

        var reason = dead.MessageAttributes[MessageAttributeNames.DeadLetterReason].StringValue;
        Assert.True(StrictSqsCharacters.AllAllowed(System.Text.Json.JsonSerializer.SerializeToElement(reason)), $"The reason holds a character SQS refuses: {reason}");
        Assert.Contains('\uFFFD', reason);
        Assert.Equal(0, strict.Refused);
        Assert.Empty(env.Log.Runs);

        // The move deleted the original: the request queue holds nothing more to receive.
        var again = await env.Sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = env.RequestQueueUrl.ToString(), WaitTimeSeconds = 3, VisibilityTimeout = 0 });
        Assert.Empty(again.Messages ?? []);
    }
}
