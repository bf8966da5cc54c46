using AsyncAi.Tests.Forged;

namespace AsyncAi.Reliability.Scenarios;

/// <summary>
/// Bad input: every case has one defined outcome, judged here from one shared run (<see cref="BadInputRun"/>), while
/// the good jobs of the same batch succeed. "Dead-lettered" means: on the request DLQ with a reason, no record, no
/// handler run, nothing written under its job's folder.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class BadInputTests(BadInputRun run) : IClassFixture<BadInputRun>
{
    /// <summary>Each case's check: null when its outcome is the defined one, else what happened instead.</summary>
    internal static readonly IReadOnlyDictionary<string, Func<BadInputRun, string?>> Expectations = WithForgedMessages(new Dictionary<string, Func<BadInputRun, string?>>(StringComparer.Ordinal)
    {
        ["not-json"] = r => DeadLettered(r, "not-json"),
        ["whitespace-body"] = r => DeadLettered(r, "whitespace-body"),
        ["json-array"] = r => DeadLettered(r, "json-array"),
        ["json-null"] = r => DeadLettered(r, "json-null"),
        ["unknown-version"] = r => DeadLettered(r, "unknown-version"),
        ["missing-version"] = r => DeadLettered(r, "missing-version"),
        ["version-attribute-not-integer"] = r => DeadLettered(r, "version-attribute-not-integer"),
        ["kind-attribute-event"] = r => DeadLettered(r, "kind-attribute-event"),
        ["job-id-attribute-mismatch"] = r => DeadLettered(r, "job-id-attribute-mismatch"),
        ["wrong-field-types"] = r => DeadLettered(r, "wrong-field-types"),
        ["missing-output-prefix"] = r => DeadLettered(r, "missing-output-prefix"),
        ["unknown-job-type"] = r => DeadLettered(r, "unknown-job-type"),
        ["control-characters-in-job-type"] = r => DeadLettered(r, "control-characters-in-job-type"),
        ["control-characters-in-job-id"] = r => DeadLettered(r, "control-characters-in-job-id"),
        ["lone-surrogate-in-job-type"] = r => r.Case("lone-surrogate-in-job-type").RefusedBySqs is not null ? null : DeadLettered(r, "lone-surrogate-in-job-type"),
        ["binary-version-attribute"] = r => Completed(r, "binary-version-attribute", "Succeeded", null),
        ["oversized-body"] = r => r.Case("oversized-body").RefusedBySqs is not null ? null : "the queue accepted a body over 1 MiB",
        ["deadline-in-the-past"] = r => Completed(r, "deadline-in-the-past", "Expired", JobErrorCodes.DeadlineExceeded) ?? NotRun(r, "deadline-in-the-past"),
        ["deadline-far-in-the-future"] = r => Completed(r, "deadline-far-in-the-future", "Succeeded", null),
        ["missing-input-object"] = r => Completed(r, "missing-input-object", "Failed", JobErrorCodes.InputMissing),
        ["no-input-at-all"] = r => Completed(r, "no-input-at-all", "Failed", JobErrorCodes.InputMissing),
        ["input-name-with-dot-dot"] = r => r.RecordOf("input-name-with-dot-dot") is { Type: "Failed" } ? null : DeadLettered(r, "input-name-with-dot-dot"),
        // Forged messages of the shared list (tests/Shared/ForgedMessages.cs) with a check beyond "dead-lettered with
        // its reason", which WithForgedMessages adds to every case of that list.
        ["prefix-of-a-completed-job"] = r => r.VictimCompletionAfter == r.VictimCompletion ? null : "the victim's completion record was rewritten",
        ["prefix-of-another-owner"] = r => NothingUnder(r, "jobs/tenant-b/"),
        ["prefix-at-the-bucket-root"] = r => NothingUnder(r, JobStorageLayout.OutputsFolder) ?? NothingUnder(r, JobStorageLayout.CompletionObject),
        ["prefix-with-dot-dot"] = r => NothingUnder(r, "jobs/../"),
        ["prefix-absolute-key"] = r => NothingUnder(r, "/absolute/"),
        ["claim-check-of-another-job"] = r => (r.Runs.Any(x => x.JobId == r.WaitingJob) ? "the other job ran" : null)
            ?? (r.Keys.Contains("jobs/" + r.WaitingJob + "/" + JobStorageLayout.RequestObject) ? null : "the other job's claim-checked body was deleted"),
        ["claim-check-naming-another-job"] = r => r.Runs.Any(x => x.JobId == r.WaitingJob) ? "the other job ran" : null,
        ["claim-check-of-a-non-request-object"] = r => r.Keys.Contains("private/secret.bin") ? null : "the object was deleted",
        ["oversized-parameters"] = r => Completed(r, "oversized-parameters", "Succeeded", null)
            ?? (r.Keys.Contains("jobs/" + r.Case("oversized-parameters").JobId + "/" + JobStorageLayout.RequestObject) ? "the claim-checked body was left behind" : null),
        ["completion-larger-than-the-queue-allows"] = r => r.RecordOf("completion-larger-than-the-queue-allows") is null ? "no completion reached the backend" : null,
        ["image-valid"] = r => Completed(r, "image-valid", "Succeeded", null) ?? RunOnce(r, "image-valid"),
        ["image-decompression-bomb"] = r => (r.ImageBytes["image-decompression-bomb"] <= 64 * 1024 ? null : "the bomb is not a small file")
            ?? Completed(r, "image-decompression-bomb", "Failed", JobErrorCodes.InvalidInput) ?? RunOnce(r, "image-decompression-bomb"),
        ["model-corrupt"] = r => Completed(r, "model-corrupt", "Failed", JobErrorCodes.ModelFailed) ?? RunOnce(r, "model-corrupt"),
    });

    /// <summary>The shared forged messages, each tested by <see cref="A_forged_message_is_dead_lettered_with_the_reason_every_worker_gives"/>.</summary>
    public static TheoryData<string> ForgedMessageNames => [.. ForgedMessages.Names];

    [Fact] public void Not_json_is_dead_lettered() => Check("not-json");
    [Fact] public void A_whitespace_body_is_dead_lettered() => Check("whitespace-body");
    [Fact] public void A_json_array_is_dead_lettered() => Check("json-array");
    [Fact] public void Json_null_is_dead_lettered() => Check("json-null");
    [Fact] public void An_unknown_version_is_dead_lettered() => Check("unknown-version");
    [Fact] public void A_missing_version_is_dead_lettered() => Check("missing-version");
    [Fact] public void A_version_attribute_that_is_not_an_integer_is_dead_lettered() => Check("version-attribute-not-integer");
    [Fact] public void A_message_marked_as_an_event_is_dead_lettered() => Check("kind-attribute-event");
    [Fact] public void A_job_id_attribute_that_differs_from_the_body_is_dead_lettered() => Check("job-id-attribute-mismatch");
    [Fact] public void Fields_of_the_wrong_type_are_dead_lettered() => Check("wrong-field-types");
    [Fact] public void A_missing_output_prefix_is_dead_lettered() => Check("missing-output-prefix");
    [Fact] public void An_unknown_job_type_is_dead_lettered() => Check("unknown-job-type");
    [Fact] public void Control_characters_in_the_job_type_are_dead_lettered() => Check("control-characters-in-job-type");
    [Fact] public void Control_characters_in_the_job_id_are_dead_lettered() => Check("control-characters-in-job-id");
    [Fact] public void Invalid_unicode_is_refused_or_dead_lettered() => Check("lone-surrogate-in-job-type");
    [Fact] public void A_binary_version_attribute_is_ignored_and_the_body_decides() => Check("binary-version-attribute");
    [Fact] public void A_body_over_the_queue_limit_is_refused_by_the_queue() => Check("oversized-body");
    [Fact] public void A_deadline_in_the_past_expires_without_running() => Check("deadline-in-the-past");
    [Fact] public void A_deadline_far_in_the_future_runs_normally() => Check("deadline-far-in-the-future");
    [Fact] public void A_missing_input_object_fails_with_input_missing() => Check("missing-input-object");
    [Fact] public void A_job_without_its_input_fails_with_input_missing() => Check("no-input-at-all");
    [Fact] public void An_input_name_with_dot_dot_reads_nothing() => Check("input-name-with-dot-dot");
    [Fact] public void Oversized_parameters_travel_by_claim_check_and_the_body_is_cleaned_up() => Check("oversized-parameters");
    [Fact] public void A_completion_larger_than_the_queue_allows_still_reaches_the_backend() => Check("completion-larger-than-the-queue-allows");

    [Theory]
    [MemberData(nameof(ForgedMessageNames))]
    public void A_forged_message_is_dead_lettered_with_the_reason_every_worker_gives(string name) => Check(name);

    [Fact] public void A_valid_image_decodes_through_imaging() => Check("image-valid");
    [Fact] public void A_decompression_bomb_image_fails_as_invalid_input_once_and_the_worker_lives() => Check("image-decompression-bomb");
    [Fact] public void A_job_on_a_corrupt_model_fails_as_model_failed_once_and_the_worker_lives() => Check("model-corrupt");

    [Fact]
    public async Task A_valid_image_job_writes_the_decoded_size()
    {
        var id = run.Case("image-valid").JobId!;
        Assert.Equal("3x2", await run.ReadTextAsync("jobs/" + id + "/" + JobStorageLayout.OutputsFolder + JobTypes.ImageSizeOutput));
    }

    [Fact]
    public async Task Good_jobs_in_the_same_batch_succeed_with_correct_outputs()
    {
        var delivery = Checks.Delivery(run.GoodJobs, run.Records);
        Assert.Equal((run.GoodJobs.Count, 0, 0), (delivery.Completed, delivery.Lost, delivery.Duplicated));
        var good = run.Records.Where(r => run.GoodJobs.Contains(r.JobId)).ToList();
        Assert.All(good, r => Assert.Equal("Succeeded", r.Type));
        Assert.Equal(run.GoodJobs.Count, await run.Stage.Checks.VerifyOutputsAsync(good));
    }

    [Fact]
    public void Every_case_ends_and_the_request_queue_is_left_empty() => Assert.Equal(0, run.RequestQueueDepth);

    [Fact]
    public void Every_expectation_has_a_test()
    {
        var facts = typeof(BadInputTests).GetMethods().Count(m => m.GetCustomAttributes(typeof(FactAttribute), false).Length > 0 && m.GetCustomAttributes(typeof(TheoryAttribute), false).Length == 0) - 4;
        Assert.Equal(Expectations.Count, facts + ForgedMessages.Names.Count);
    }

    /// <summary>Every shared forged message: dead-lettered with the reason both workers give, then its own check if any.</summary>
    private static Dictionary<string, Func<BadInputRun, string?>> WithForgedMessages(Dictionary<string, Func<BadInputRun, string?>> expectations)
    {
        foreach (var name in ForgedMessages.Names)
        {
            var own = expectations.GetValueOrDefault(name);
            expectations[name] = r => DeadLettered(r, name) ?? ReasonContains(r, name) ?? own?.Invoke(r);
        }

        return expectations;
    }

    private static string? ReasonContains(BadInputRun r, string name)
    {
        var reason = r.DeadLetterOf(name)?.MessageAttributes?.GetValueOrDefault(MessageAttributeNames.DeadLetterReason)?.StringValue ?? "";
        return reason.Contains(r.ForgedReasons[name], StringComparison.Ordinal) ? null : $"the reason \"{reason}\" does not contain \"{r.ForgedReasons[name]}\"";
    }

    private void Check(string name)
    {
        var failure = Expectations[name](run);
        Assert.True(failure is null, $"{name}: {failure}");
    }

    private static string? DeadLettered(BadInputRun r, string name)
    {
        var sent = r.Case(name);
        if (sent.RefusedBySqs is { } refused)
        {
            return $"the queue refused it: {refused.Message}";
        }

        var dead = r.DeadLetterOf(name);
        if (dead is null)
        {
            return $"not on the dead-letter queue; record: {r.RecordOf(name)?.Type ?? "none"}";
        }

        if (dead.MessageAttributes?.TryGetValue(MessageAttributeNames.DeadLetterReason, out var reason) != true || string.IsNullOrWhiteSpace(reason!.StringValue))
        {
            return "dead-lettered without a reason (by the queue's redrive policy, after looping)";
        }

        if (sent.JobId is { } id)
        {
            if (r.Records.Any(x => x.JobId == id))
            {
                return "dead-lettered, but a completion was reported too";
            }

            if (r.Runs.Any(x => x.JobId == id))
            {
                return "dead-lettered, but its handler ran";
            }

            if (r.Keys.Any(k => k.StartsWith("jobs/" + id + "/", StringComparison.Ordinal)))
            {
                return "dead-lettered, but objects were written under its folder";
            }
        }

        return null;
    }

    private static string? Completed(BadInputRun r, string name, string type, string? code)
    {
        var record = r.RecordOf(name);
        if (record is null)
        {
            return r.DeadLetterOf(name) is { } dead
                ? $"dead-lettered instead: {dead.MessageAttributes?.GetValueOrDefault(MessageAttributeNames.DeadLetterReason)?.StringValue ?? "(no reason)"}"
                : "no completion reached the backend (still looping?)";
        }

        return record.Type == type && (code is null || record.Code == code) ? null : $"{record.Type}/{record.Code}: {record.Message}";
    }

    private static string? RunOnce(BadInputRun r, string name) =>
        r.Runs.Count(x => x.JobId == r.Case(name).JobId) is var runs and not 1 ? $"its handler ran {runs} times, not once" : null;

    private static string? NotRun(BadInputRun r, string name) =>
        r.Runs.Any(x => x.JobId == r.Case(name).JobId) ? "its handler ran" : null;

    private static string? NothingUnder(BadInputRun r, string prefix) =>
        r.Keys.FirstOrDefault(k => k.StartsWith(prefix, StringComparison.Ordinal)) is { } key ? $"written: {key}" : null;
}
