namespace AsyncAi.Abstractions.Tests.Jobs;

/// <summary>The request checks the publisher and the outbox share: each rule refuses on its own, a valid request passes.</summary>
public sealed class JobRequestRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 1, 0, 0, TimeSpan.Zero);
    private static readonly JobId Id = JobId.Parse("job-1");

    public static TheoryData<string, JobRequest> Refused => new()
    {
        { "owner", new JobRequest("ocr") { Owner = "../u-2" } },
        { "needs a name and an S3 bucket and key", new JobRequest("ocr") { Inputs = new Dictionary<string, ObjectReference> { ["image"] = new("", "k") } } },
        { "input name", new JobRequest("ocr") { Inputs = new Dictionary<string, ObjectReference> { ["../x"] = new("b", "k") } } },
        { "has already passed", new JobRequest("ocr") { Deadline = Now } },
        { "days ahead", new JobRequest("ocr") { Deadline = Now.AddDays(15) } },
        { "blank", new JobRequest("ocr") { IdempotencyKey = " " } },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Each_rule_refuses_a_request_that_breaks_it(string says, JobRequest request)
    {
        var refused = Assert.Throws<ArgumentException>(() => JobRequestRules.Check(request, Id, Now));

        Assert.Contains(says, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_request_passes()
    {
        var request = new JobRequest("ocr")
        {
            Owner = "u-1",
            Inputs = new Dictionary<string, ObjectReference> { ["image"] = new("b", "jobs/owner=u-1/job-1/inputs/image") },
            Deadline = Now.AddDays(1),
            IdempotencyKey = "order-812",
        };

        JobRequestRules.Check(request, Id, Now);
    }
}
