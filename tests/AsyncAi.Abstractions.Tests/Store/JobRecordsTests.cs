namespace AsyncAi.Abstractions.Tests.Store;

public sealed class JobRecordsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private static readonly JobId Id = JobId.Parse("job-1");

    [Fact]
    public void A_job_folds_from_queued_through_started_to_succeeded_with_its_times_attempts_worker_and_outputs()
    {
        var record = Fold(Queued(), Started(attempt: 1, at: T0.AddSeconds(2)), Succeeded(attempt: 1, at: T0.AddSeconds(7)));

        Assert.Equal(JobRecordStatus.Succeeded, record.Status);
        Assert.Equal("ocr", record.JobType);
        Assert.Equal("u-alice", record.Owner);
        Assert.Equal(T0, record.CreatedAt);
        Assert.Equal(T0.AddSeconds(2), record.StartedAt);
        Assert.Equal(T0.AddSeconds(7), record.FinishedAt);
        Assert.Equal(TimeSpan.FromSeconds(2), record.QueueTime);
        Assert.Equal(TimeSpan.FromSeconds(5), record.RunTime);
        Assert.Equal(1, record.Attempts);
        Assert.Equal("w-1", record.WorkerId);
        Assert.Equal("result.json", Assert.Single(record.Outputs).Name);
        Assert.Null(record.Error);
    }

    [Fact]
    public void A_late_started_event_never_overwrites_a_terminal_state_and_a_redelivered_event_changes_nothing()
    {
        var done = Fold(Queued(), Succeeded(attempt: 1, at: T0.AddSeconds(7)));

        Assert.Null(JobRecords.Apply(done, Started(attempt: 1, at: T0.AddSeconds(2))));
        Assert.Null(JobRecords.Apply(done, Failed(attempt: 2, at: T0.AddSeconds(9))));
        Assert.Null(JobRecords.Apply(done, Succeeded(attempt: 1, at: T0.AddSeconds(7))));
        var running = Fold(Queued(), Started(attempt: 1, at: T0.AddSeconds(2)));
        Assert.Null(JobRecords.Apply(running, Started(attempt: 1, at: T0.AddSeconds(2))));
        Assert.Null(JobRecords.Apply(running, Queued()));
    }

    [Fact]
    public void A_failed_retry_counts_its_attempts_and_keeps_the_stable_error_code()
    {
        var record = Fold(Queued(), Started(attempt: 1, at: T0.AddSeconds(1)), Started(attempt: 2, at: T0.AddSeconds(5)), Failed(attempt: 2, at: T0.AddSeconds(6)));

        Assert.Equal(JobRecordStatus.Failed, record.Status);
        Assert.Equal(2, record.Attempts);
        Assert.Equal(T0.AddSeconds(5), record.StartedAt);
        Assert.Equal(JobErrorCodes.HandlerFailed, record.Error?.Code);
    }

    [Fact]
    public void A_publication_recorded_after_the_workers_events_keeps_their_state_and_adds_the_key_and_metadata()
    {
        // A fast worker's Started can reach the store before the publisher's own write.
        var started = Fold(Started(attempt: 1, at: T0.AddSeconds(2)));
        var record = JobRecords.Publish(started, Publication());

        Assert.Equal(JobRecordStatus.Running, record.Status);
        Assert.Equal(T0, record.CreatedAt);
        Assert.Equal("order-812", record.IdempotencyKey);
        Assert.Equal("812", record.Metadata["order"]);

        var finished = JobRecords.Apply(record, Succeeded(attempt: 1, at: T0.AddSeconds(7)))!;
        Assert.Equal("order-812", finished.IdempotencyKey);
        Assert.Equal("812", finished.Metadata["order"]);
        Assert.Equal(T0, finished.CreatedAt);
    }

    [Fact]
    public void A_workers_secrets_in_the_metadata_are_never_kept()
    {
        var publication = Publication() with
        {
            Metadata = new Dictionary<string, string>
            {
                ["order"] = "812",
                [AsyncAi.Webhooks.JobWebhookSecret.MetadataKey] = "per-job-secret",
                [AsyncAi.Uploads.OutputUploadCredential.MetadataKey] = "upload-credential",
            },
        };

        var record = JobRecords.Publish(null, publication);

        Assert.Equal(["order"], record.Metadata.Keys);
        Assert.Equal(JobRecordStatus.Queued, record.Status);
        Assert.Equal(JobEventType.Queued, record.LastEvent.Type);
    }

    [Fact]
    public void Times_are_kept_to_the_microsecond_so_a_database_and_memory_agree()
    {
        var record = Fold(Queued(at: T0.AddTicks(12_345_678)));

        Assert.Equal(T0.AddTicks(12_345_670), record.CreatedAt);
    }

    private static JobRecord Fold(params JobEvent[] events)
    {
        JobRecord? record = null;
        foreach (var e in events)
        {
            record = JobRecords.Apply(record, e) ?? record;
        }

        return record!;
    }

    private static JobPublication Publication() => new()
    {
        JobId = Id,
        Owner = "u-alice",
        JobType = "ocr",
        QueuedAt = T0,
        IdempotencyKey = "order-812",
        Metadata = new Dictionary<string, string> { ["order"] = "812" },
    };

    private static JobEvent Queued(DateTimeOffset? at = null) =>
        new() { JobId = Id, Owner = "u-alice", Type = JobEventType.Queued, Timestamp = at ?? T0, JobType = "ocr" };

    private static JobEvent Started(int attempt, DateTimeOffset at) =>
        new() { JobId = Id, Owner = "u-alice", Type = JobEventType.Started, Timestamp = at, JobType = "ocr", Attempt = attempt, WorkerId = "w-1" };

    private static JobEvent Succeeded(int attempt, DateTimeOffset at) => Terminal(JobStatus.Succeeded, attempt, at, error: null);

    private static JobEvent Failed(int attempt, DateTimeOffset at) =>
        Terminal(JobStatus.Failed, attempt, at, new JobError(JobErrorCodes.HandlerFailed, "The job failed."));

    private static JobEvent Terminal(JobStatus status, int attempt, DateTimeOffset at, JobError? error) => new()
    {
        JobId = Id,
        Owner = "u-alice",
        Type = status.ToEventType(),
        Timestamp = at,
        JobType = "ocr",
        Attempt = attempt,
        WorkerId = "w-1",
        Completion = new JobCompletion
        {
            JobId = Id,
            Owner = "u-alice",
            JobType = "ocr",
            Status = status,
            Attempts = attempt,
            WorkerId = "w-1",
            Error = error,
            Outputs = status == JobStatus.Succeeded
                ? [new JobOutput { Name = "result.json", Location = new ObjectReference("b", "jobs/x/outputs/result.json"), SizeBytes = 10, ContentType = "application/json", Sha256 = new string('a', 64) }]
                : [],
        },
    };
}
