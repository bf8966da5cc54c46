using AsyncAi.Aws.Storage;
using AsyncAi.Aws.Messages;
using AsyncAi.WireFormat;
using Moq;

namespace AsyncAi.Aws.Tests.Messages;

/// <summary>Readers judged on messages built in memory; the S3 path is covered end to end in AsyncAi.Client.Tests.</summary>
public sealed class IncomingJobReaderTests
{
    private static readonly JobMessage Job = new()
    {
        JobId = JobId.Parse("j1"),
        JobType = "ocr",
        CreatedAt = DateTimeOffset.UnixEpoch,
        OutputPrefix = new ObjectReference("b", "jobs/j1/"),
    };

    private readonly IncomingJobReader _reader = new(new S3JobFolders(() => Mock.Of<Amazon.S3.IAmazonS3>(MockBehavior.Strict)));

    [Fact]
    public async Task A_job_message_with_its_attributes_is_read()
    {
        var incoming = await _reader.ReadAsync(Message(JobWireFormat.Serialize(Job), OutgoingMessages.JobAttributes(Job, claimChecked: false)), default);

        Assert.Equal(Job.JobId, incoming.Job.JobId);
        Assert.Null(incoming.ClaimCheck);
    }

    [Fact]
    public async Task A_job_message_without_attributes_is_judged_by_its_body()
    {
        var incoming = await _reader.ReadAsync(Message(JobWireFormat.Serialize(Job), []), default);

        Assert.Equal(Job.JobId, incoming.Job.JobId);
    }

    [Fact]
    public async Task Another_version_in_the_attribute_is_rejected_before_the_body_is_read()
    {
        var attributes = OutgoingMessages.JobAttributes(Job, claimChecked: false);
        attributes[MessageAttributeNames.WireVersion] = "2";

        var error = await Assert.ThrowsAsync<UnsupportedWireVersionException>(() => _reader.ReadAsync(Message("not even json", attributes), default));

        Assert.Equal(2, error.Version);
    }

    [Fact]
    public async Task An_event_on_the_request_queue_is_rejected()
    {
        var attributes = new Dictionary<string, string> { [MessageAttributeNames.BodyKind] = BodyKinds.Event };

        await Assert.ThrowsAsync<WireFormatException>(() => _reader.ReadAsync(Message(JobWireFormat.Serialize(Job), attributes), default));
    }

    [Fact]
    public async Task A_job_id_attribute_that_disagrees_with_the_body_is_rejected()
    {
        var attributes = OutgoingMessages.JobAttributes(Job with { JobId = JobId.Parse("other") }, claimChecked: false);

        await Assert.ThrowsAsync<WireFormatException>(() => _reader.ReadAsync(Message(JobWireFormat.Serialize(Job), attributes), default));
    }

    [Fact]
    public async Task A_claim_check_that_points_at_anything_but_a_request_object_is_not_followed()
    {
        var check = new AsyncAi.WireFormat.ClaimCheck { ClaimCheckLocation = new ObjectReference("b", "jobs/other/inputs/secret.png"), SizeBytes = 10 };

        // The strict S3 mock fails the test if the reader tried to load it.
        await Assert.ThrowsAsync<WireFormatException>(() => _reader.ReadAsync(Message(JobWireFormat.Serialize(check), OutgoingMessages.JobAttributes(Job, claimChecked: true)), default));
    }

    [Fact]
    public void The_event_reader_rejects_a_job_and_reads_an_event()
    {
        var eventMessage = new EventMessage { EventId = "e", Event = new JobEvent { JobId = Job.JobId, Type = JobEventType.Started, Timestamp = DateTimeOffset.UnixEpoch } };

        Assert.Equal("e", IncomingEventReader.Read(Message(JobWireFormat.Serialize(eventMessage), OutgoingMessages.EventAttributes(eventMessage))).EventId);
        Assert.Throws<WireFormatException>(() => IncomingEventReader.Read(Message(JobWireFormat.Serialize(Job), OutgoingMessages.JobAttributes(Job, claimChecked: false))));
        Assert.Throws<WireFormatException>(() => IncomingEventReader.Read(Message(JobWireFormat.Serialize(eventMessage with { EventId = " " }), [])));
    }

    private static Message Message(string body, IEnumerable<KeyValuePair<string, string>> attributes) => new()
    {
        MessageId = "m",
        Body = body,
        MessageAttributes = MessageAttributes.ToSqs(attributes),
    };
}
