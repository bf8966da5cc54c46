using FsCheck;
using FsCheck.Xunit;

namespace AsyncAi.Reliability.Properties;

/// <summary>
/// The wire readers both sides run on every message (the worker's job and claim-check reader, the client's event
/// reader: <see cref="JobWireFormat"/>): whatever bytes arrive, they return a message or throw
/// <see cref="WireFormatException"/>, never anything else, and never hang.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class WireReaderProperties
{
    private const int Cases = 1000;

    [Property(MaxTest = Cases, Arbitrary = [typeof(WireArbitraries)])]
    public Property Mutated_job_messages_are_read_or_rejected_with_a_typed_error(MutatedJob body) =>
        ReadsOrRejects(body.Text, JobWireFormat.DeserializeJob);

    [Property(MaxTest = Cases, Arbitrary = [typeof(WireArbitraries)])]
    public Property Mutated_event_messages_are_read_or_rejected_with_a_typed_error(MutatedEvent body) =>
        ReadsOrRejects(body.Text, JobWireFormat.DeserializeEvent);

    [Property(MaxTest = Cases, Arbitrary = [typeof(WireArbitraries)])]
    public Property Any_mutated_message_read_as_a_claim_check_is_read_or_rejected_with_a_typed_error(MutatedAny body) =>
        ReadsOrRejects(body.Text, JobWireFormat.DeserializeClaimCheck);

    [Property(MaxTest = Cases, Arbitrary = [typeof(WireArbitraries)])]
    public Property Random_text_is_rejected_with_a_typed_error_by_every_reader(RandomBody body) =>
        ReadsOrRejects(body.Text, JobWireFormat.DeserializeJob)
            .And(ReadsOrRejects(body.Text, JobWireFormat.DeserializeEvent))
            .And(ReadsOrRejects(body.Text, JobWireFormat.DeserializeClaimCheck));

    [Property(MaxTest = 200, Arbitrary = [typeof(WireArbitraries)])]
    public bool Valid_messages_round_trip(ValidJob body) =>
        JobWireFormat.Serialize(JobWireFormat.DeserializeJob(body.Text)) == body.Text;

    [Fact]
    public void Deeply_nested_json_is_rejected_with_a_typed_error()
    {
        var deep = "{\"v\":1,\"parameters\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        Assert.Throws<WireFormatException>(() => JobWireFormat.DeserializeJob(deep));
        Assert.Throws<WireFormatException>(() => JobWireFormat.DeserializeEvent("{" + new string('[', 100_000)));
    }

    private static Property ReadsOrRejects<T>(string body, Func<string, T> read)
        where T : class
    {
        try
        {
            return (read(body) is not null).Label("read a message");
        }
        catch (WireFormatException)
        {
            return true.Label("typed error");
        }
        catch (Exception ex)
        {
            return false.Label($"{ex.GetType().Name}: {ex.Message}");
        }
    }
}

/// <summary>A mutated job message.</summary>
public sealed record MutatedJob(string Text);

/// <summary>A mutated event message.</summary>
public sealed record MutatedEvent(string Text);

/// <summary>A mutated job, event or claim-check message.</summary>
public sealed record MutatedAny(string Text);

/// <summary>Random bytes or tokens.</summary>
public sealed record RandomBody(string Text);

/// <summary>A valid job message.</summary>
public sealed record ValidJob(string Text);

/// <summary>The generators, registered with FsCheck for the property parameters.</summary>
public static class WireArbitraries
{
    public static Arbitrary<MutatedJob> MutatedJobs() => WireMessages.Mutated(WireMessages.ValidJobs).Select(t => new MutatedJob(t)).ToArbitrary();

    public static Arbitrary<MutatedEvent> MutatedEvents() => WireMessages.Mutated(WireMessages.ValidEvents).Select(t => new MutatedEvent(t)).ToArbitrary();

    public static Arbitrary<MutatedAny> MutatedAnys() => WireMessages.Mutated(WireMessages.ValidAny).Select(t => new MutatedAny(t)).ToArbitrary();

    public static Arbitrary<RandomBody> RandomBodies() => WireMessages.RandomText.Select(t => new RandomBody(t)).ToArbitrary();

    public static Arbitrary<ValidJob> ValidJobs() => WireMessages.ValidJobs.Select(t => new ValidJob(t)).ToArbitrary();
}
