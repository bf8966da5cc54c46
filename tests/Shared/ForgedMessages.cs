using System.Text.Json.Nodes;
using AsyncAi.WireFormat;

namespace AsyncAi.Tests.Forged;

/// <summary>
/// Where forged messages aim: the worker's bucket and root, a job type it runs (and one that reads the input
/// <see cref="InputName"/>), and objects of other jobs and tenants that a forged message tries to reach.
/// </summary>
/// <param name="Bucket">The bucket the worker is given.</param>
/// <param name="Root">The root prefix of job folders, e.g. <c>jobs/</c>.</param>
/// <param name="JobType">A job type the worker runs.</param>
/// <param name="InputJobType">A job type whose handler reads the input <paramref name="InputName"/>.</param>
/// <param name="InputName">The input that handler reads.</param>
/// <param name="CompletedJobId">A job whose folder holds a completion record.</param>
/// <param name="WaitingJobId">A job whose claim-checked <c>_request.json</c> waits in its folder, never sent.</param>
/// <param name="PrivateKey">An object outside the root that no job may read (another tenant's file).</param>
public sealed record ForgedMessageTarget(string Bucket, string Root, string JobType, string InputJobType, string InputName, string CompletedJobId, string WaitingJobId, string PrivateKey);

/// <summary>One forged request-queue message and the reason every worker must dead-letter it with.</summary>
/// <param name="Name">The case, as the tests name it.</param>
/// <param name="JobId">The job id the message names, when it names one.</param>
/// <param name="Body">The body, sent as is.</param>
/// <param name="Attributes">String message attributes.</param>
/// <param name="Reason">A part of the dead-letter reason that both the .NET and the Python worker give.</param>
public sealed record ForgedMessage(string Name, string? JobId, string Body, IReadOnlyDictionary<string, string> Attributes, string Reason);

/// <summary>
/// The one list of forged request messages (docs/security.md, "What the worker checks on every message"): each must be
/// dead-lettered at once with its reason, by the .NET worker and the Python reference worker alike, with nothing run,
/// nothing written or deleted anywhere and no completion re-sent. The reliability suite's bad-input run and the
/// cross-language tests (tests/AsyncAi.Interop.Tests, against both workers) send this list; linked into both projects.
/// </summary>
public static class ForgedMessages
{
    /// <summary>The names of all cases.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. For(new ForgedMessageTarget("b", "jobs/", "t", "t", "i", "c", "w", "p")).Select(c => c.Name)];

    /// <summary>The cases aimed at one target; every call makes fresh job ids.</summary>
    /// <param name="target">The worker's bucket and root and the objects the messages aim at.</param>
    public static IReadOnlyList<ForgedMessage> For(ForgedMessageTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var bucket = target.Bucket;
        var root = target.Root;
        var cases = new List<ForgedMessage>();

        void Job(string name, string reason, string? jobId = null, Action<JsonObject, string>? edit = null, string? jobType = null, Func<string, string>? raw = null, bool withIdAttribute = true)
        {
            var id = jobId ?? JobId.New().Value;
            var body = new JsonObject
            {
                ["v"] = 1,
                ["jobId"] = id,
                ["jobType"] = jobType ?? target.JobType,
                ["createdAt"] = "2026-12-01T12:00:00+00:00",
                ["outputPrefix"] = Ref(bucket, root + id + "/"),
            };
            edit?.Invoke(body, id);
            var text = body.ToJsonString();
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { [MessageAttributeNames.WireVersion] = "1", [MessageAttributeNames.BodyKind] = BodyKinds.Job };
            if (withIdAttribute)
            {
                attributes[MessageAttributeNames.JobId] = id;
            }

            cases.Add(new ForgedMessage(name, id, raw is null ? text : raw(text), attributes, reason.Replace("{id}", id, StringComparison.Ordinal)));
        }

        void ClaimCheck(string name, string key, string? jobIdAttribute, string reason)
        {
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { [MessageAttributeNames.WireVersion] = "1", [MessageAttributeNames.BodyKind] = BodyKinds.ClaimCheck };
            if (jobIdAttribute is not null)
            {
                attributes[MessageAttributeNames.JobId] = jobIdAttribute;
            }

            var body = new JsonObject { ["v"] = 1, ["claimCheckLocation"] = Ref(bucket, key), ["sizeBytes"] = 100 };
            cases.Add(new ForgedMessage(name, jobIdAttribute, body.ToJsonString(), attributes, reason));
        }

        // Locations the message names but its id and owner do not give (JobLocationRules).
        Job("other-bucket-prefix", "but this worker writes only to '" + bucket + "'", edit: (b, id) => b["outputPrefix"] = Ref("some-other-bucket", root + id + "/"));
        Job("prefix-of-a-completed-job", "Job {id} names the output prefix s3://" + bucket + "/" + root + target.CompletedJobId + "/", edit: (b, id) => b["outputPrefix"] = Ref(bucket, root + target.CompletedJobId + "/"));
        Job("prefix-of-another-owner", "Job {id} names the output prefix", edit: (b, id) => b["outputPrefix"] = Ref(bucket, root + "tenant-b/" + JobId.New().Value + "/"));
        Job("prefix-at-the-bucket-root", "Job {id} names the output prefix s3://" + bucket + "/, but its folder is", edit: (b, id) => b["outputPrefix"] = Ref(bucket, ""));
        Job("prefix-with-dot-dot", "Job {id} names the output prefix", edit: (b, id) => b["outputPrefix"] = Ref(bucket, root + "../escaped/"));
        Job("prefix-absolute-key", "Job {id} names the output prefix s3://" + bucket + "//absolute/", edit: (b, id) => b["outputPrefix"] = Ref(bucket, "/absolute/"));
        Job("prefix-of-another-owners-job", "but its folder is s3://" + bucket + "/" + root + "owner=mallory/{id}/", edit: (b, id) => { b["owner"] = "mallory"; b["outputPrefix"] = Ref(bucket, root + "owner=victim/" + id + "/"); });
        Job("reserved-job-id", "has an id that begins with '_'", jobId: "_status", edit: (b, id) => b["outputPrefix"] = Ref(bucket, root + "_status/"));
        Job("owner-that-cannot-name-a-folder", "has an owner that cannot name a folder", edit: (b, id) => { b["owner"] = "a/b"; b["outputPrefix"] = Ref(bucket, root + "owner=a/b/" + id + "/"); });
        Job("input-outside-the-root", "lies outside s3://" + bucket + "/" + root + ", where jobs read from", jobType: target.InputJobType, edit: (b, id) => b["inputs"] = new JsonObject { [target.InputName] = Ref(bucket, target.PrivateKey) });
        Job("input-in-another-bucket", "lies outside s3://" + bucket + "/" + root + ", where jobs read from", jobType: target.InputJobType, edit: (b, id) => b["inputs"] = new JsonObject { [target.InputName] = Ref("some-other-bucket", root + id + "/inputs/x") });
        Job("input-key-with-dot-dot", "which is not a plain object key", jobType: target.InputJobType, edit: (b, id) => b["inputs"] = new JsonObject { [target.InputName] = Ref(bucket, root + id + "/../../" + target.PrivateKey) });
        Job("input-of-another-owner", "lies outside the folder of the job's owner 'mallory'", jobType: target.InputJobType, edit: (b, id) =>
        {
            b["owner"] = "mallory";
            b["outputPrefix"] = Ref(bucket, root + "owner=mallory/" + id + "/");
            b["inputs"] = new JsonObject { [target.InputName] = Ref(bucket, root + "owner=victim/" + JobId.New().Value + "/inputs/text") };
        });
        Job("ownerless-input-in-an-owners-folder", "lies in an owner's folder, and the job has no owner", jobType: target.InputJobType, edit: (b, id) =>
            b["inputs"] = new JsonObject { [target.InputName] = Ref(bucket, root + "owner=victim/" + JobId.New().Value + "/inputs/text") });

        // Claim checks: followed only to the _request.json of the job the message names (IncomingJobReader).
        ClaimCheck("claim-check-of-another-job", root + target.WaitingJobId + "/" + JobStorageLayout.RequestObject, null, "which is not the '_request.json' of the job the message names");
        ClaimCheck("claim-check-naming-another-job", root + target.WaitingJobId + "/" + JobStorageLayout.RequestObject, JobId.New().Value, "which is not the '_request.json' of the job the message names");
        ClaimCheck("claim-check-of-a-non-request-object", target.PrivateKey, null, "which is not the '_request.json' of the job the message names");

        // Ids and text: one rule for ids, reasons made safe for SQS (DeadLetterReason), depth bounded (JobWireFormat).
        Job("job-id-with-a-trailing-newline", "is not a valid job id", jobId: "j-nl\n", withIdAttribute: false);
        Job("escaped-control-characters-in-job-type", "No handler is registered for job type 'noop\uFFFD\uFFFD[2J'", jobType: "noop\u0001\u001b[2J");
        Job("escaped-lone-surrogate-in-job-type", "The message body is not a valid", jobType: "noopSURROGATE", raw: t => t.Replace("SURROGATE", "\\ud800", StringComparison.Ordinal));
        Job("job-type-longer-than-a-reason", "No handler is registered for job type 'zzzz", jobType: new string('z', 3000));
        Job("version-that-is-not-an-integer", "is not an integer", raw: t => t.Replace("{\"v\":1,", "{\"v\":true,", StringComparison.Ordinal));
        Job("nested-deeper-than-the-limit", "depth of 64", edit: (b, _) => b["parameters"] = "DEEP", raw: t => t.Replace("\"DEEP\"", new string('[', 5000) + new string(']', 5000), StringComparison.Ordinal));
        return cases;
    }

    private static JsonObject Ref(string bucket, string key) => new() { ["bucket"] = bucket, ["key"] = key };
}
