using AsyncAi.Aws.Storage;

namespace AsyncAi.Aws.Tests.Storage;

public sealed class JobLocationRulesTests
{
    private static readonly JobId Job = JobId.Parse("job-1");
    private readonly JobLocationRules _rules = new("bucket", "jobs/", [new ObjectReference("shared", "models/")]);

    [Theory]
    [InlineData(null, "jobs/job-1/")]
    [InlineData("acme", "jobs/owner=acme/job-1/")]
    public void The_output_prefix_that_follows_from_id_and_owner_is_accepted(string? owner, string key) =>
        Assert.Null(_rules.CheckOutputPrefix(Job, owner, new ObjectReference("bucket", key)));

    [Theory]
    [InlineData(null, "bucket", "jobs/owner=acme/job-1/")]
    [InlineData(null, "bucket", "jobs/_status/")]
    [InlineData("acme", "bucket", "jobs/owner=other/job-1/")]
    [InlineData("acme", "bucket", "jobs/owner=acme/job-2/")]
    [InlineData(null, "bucket", "")]
    [InlineData(null, "bucket", "jobs/")]
    [InlineData(null, "other-bucket", "jobs/job-1/")]
    [InlineData("../x", "bucket", "jobs/../x/job-1/")]
    public void Any_other_output_prefix_is_refused_with_a_reason(string? owner, string bucket, string key) =>
        Assert.NotNull(_rules.CheckOutputPrefix(Job, owner, new ObjectReference(bucket, key)));

    [Fact]
    public void A_job_id_that_would_name_the_roots_own_folders_is_refused() =>
        Assert.NotNull(_rules.CheckOutputPrefix(JobId.Parse("_status"), null, new ObjectReference("bucket", "jobs/_status/")));

    [Fact]
    public void An_owner_less_job_folder_can_never_be_an_owners_folder()
    {
        // A job id may be any letters, digits, '-' and '_', so "acme" is a valid id; it must not name acme's folder.
        var ownerless = JobStorageLayout.JobPrefix("jobs/", JobId.Parse("acme"), owner: null);
        var owned = JobStorageLayout.JobPrefix("jobs/", Job, "acme");

        Assert.False(owned.StartsWith(ownerless, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, "bucket", "jobs/job-9/inputs/a.png", true)]
    [InlineData(null, "bucket", "jobs/owner=acme/job-9/inputs/a.png", false)]
    [InlineData("acme", "bucket", "jobs/owner=acme/job-9/inputs/a.png", true)]
    [InlineData("acme", "bucket", "jobs/owner=other/job-9/inputs/a.png", false)]
    [InlineData("acme", "bucket", "jobs/job-9/inputs/a.png", false)]
    [InlineData(null, "bucket", "uploads/cat.jpg", false)]
    [InlineData(null, "other", "jobs/job-9/inputs/a.png", false)]
    [InlineData(null, "bucket", "jobs/../secrets", false)]
    [InlineData("acme", "shared", "models/detector.onnx", true)]
    public void Inputs_are_read_only_from_the_root_in_the_owners_folder_or_an_allowed_prefix(string? owner, string bucket, string key, bool allowed) =>
        Assert.Equal(allowed, _rules.CheckInput("in", new ObjectReference(bucket, key), owner) is null);

    [Theory]
    [InlineData("bucket", "jobs/job-1/outputs/result.json", true)]
    [InlineData("bucket", "jobs/owner=acme/job-1/outputs/deep/overlay.png", true)]
    [InlineData("bucket", "jobs/job-1/_completion.json", false)]
    [InlineData("bucket", "jobs/job-1/inputs/a.png", false)]
    [InlineData("bucket", "jobs/_idempotency/outputs/x", false)]
    [InlineData("bucket", "jobs/job-1/outputs/../_request.json", false)]
    [InlineData("bucket", "other/job-1/outputs/a", false)]
    [InlineData("other", "jobs/job-1/outputs/a", false)]
    public void Only_a_jobs_own_outputs_count_as_job_outputs(string bucket, string key, bool output) =>
        Assert.Equal(output, _rules.IsJobOutput(new ObjectReference(bucket, key)));
}
