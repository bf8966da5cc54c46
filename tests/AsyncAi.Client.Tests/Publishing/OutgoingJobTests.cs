using AsyncAi.Aws.Sqs;

namespace AsyncAi.Client.Tests.Publishing;

/// <summary>How one job's send outcome becomes what the publisher reports, frees and deletes.</summary>
public sealed class OutgoingJobTests
{
    [Fact]
    public void A_job_SQS_took_is_published_and_no_longer_needs_sending()
    {
        var job = NewJob();

        Assert.True(job.Settle(null, mayRetry: true, CancellationToken.None));

        Assert.Equal(job.Job.JobId, job.Published!.JobId);
        Assert.False(job.Published.IsDuplicate);
        Assert.False(job.NeedsSending);
        Assert.False(job.HasFailed);
    }

    [Fact]
    public void An_entry_SQS_failed_for_reasons_of_its_own_gets_one_more_try()
    {
        var job = NewJob();
        var throttled = EntryFailed("RequestThrottled", "slow down", senderFault: false);

        Assert.False(job.Settle(throttled, mayRetry: true, CancellationToken.None));
        Assert.False(job.HasFailed);

        Assert.True(job.Settle(throttled, mayRetry: false, CancellationToken.None));
        Assert.Equal("RequestThrottled: slow down", job.FailureReason);
        Assert.False(job.MayHaveBeenSent);
    }

    [Fact]
    public void An_entry_SQS_rejected_as_the_senders_fault_fails_at_once_certainly_unsent_and_without_an_inner_error()
    {
        var job = NewJob();

        Assert.True(job.Settle(EntryFailed("InvalidMessageContents", "bad character", senderFault: true), mayRetry: true, CancellationToken.None));

        Assert.Equal("InvalidMessageContents: bad character", job.FailureReason);
        Assert.False(job.MayHaveBeenSent);
        Assert.Null(job.Error);
        Assert.Null(job.Published);
    }

    [Fact]
    public void A_call_SQS_refused_with_4xx_leaves_the_job_certainly_unsent()
    {
        var job = NewJob();
        var refused = new AmazonSQSException("The specified queue does not exist.") { StatusCode = HttpStatusCode.BadRequest };

        job.Settle(refused, mayRetry: true, CancellationToken.None);

        Assert.Equal(refused.Message, job.FailureReason);
        Assert.False(job.MayHaveBeenSent);
        Assert.Same(refused, job.Error);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public void A_call_that_failed_on_the_SQS_side_may_have_delivered_the_job(HttpStatusCode status)
    {
        var job = NewJob();

        job.Settle(new AmazonSQSException("internal") { StatusCode = status }, mayRetry: true, CancellationToken.None);

        Assert.True(job.HasFailed);
        Assert.True(job.MayHaveBeenSent);
    }

    [Fact]
    public void A_call_that_failed_on_the_way_may_have_delivered_the_job()
    {
        var job = NewJob();

        job.Settle(new HttpRequestException("connection reset"), mayRetry: true, CancellationToken.None);

        Assert.True(job.MayHaveBeenSent);
    }

    [Fact]
    public void A_send_the_callers_token_dropped_before_any_call_is_certainly_unsent()
    {
        var job = NewJob();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        job.Settle(new TaskCanceledException(null, null, cancel.Token), mayRetry: true, cancel.Token);

        Assert.True(job.HasFailed);
        Assert.False(job.MayHaveBeenSent);
        Assert.IsType<TaskCanceledException>(job.Error);
    }

    [Fact]
    public void A_timeout_inside_a_call_is_not_mistaken_for_the_callers_cancellation()
    {
        var job = NewJob();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        job.Settle(new TaskCanceledException("timed out"), mayRetry: true, cancel.Token);

        Assert.True(job.MayHaveBeenSent);
    }

    [Fact]
    public void A_repeat_of_a_key_answers_with_the_first_job_and_fails_with_it()
    {
        var first = NewJob();
        var repeat = NewJob();
        repeat.Repeats(first);

        Assert.False(repeat.NeedsSending);
        Assert.Equal(first.Job.JobId, repeat.Published!.JobId);
        Assert.True(repeat.Published.IsDuplicate);

        first.NotSent(new InvalidOperationException("claim check too large"));

        Assert.Null(repeat.Published);
        Assert.Equal("claim check too large", repeat.FailureReason);
    }

    [Fact]
    public void A_key_claimed_before_answers_with_the_earlier_job_and_sends_nothing()
    {
        var job = NewJob();
        var prefix = new ObjectReference("bucket", "jobs/earlier/");
        var earlier = JobId.New(TimeProvider.System);

        job.AnsweredBy(new IdempotencyRecord { JobId = earlier, JobType = "ocr", Owner = null, Prefix = prefix, QueuedAt = DateTimeOffset.UnixEpoch });

        Assert.False(job.NeedsSending);
        Assert.Equal(earlier, job.Published!.JobId);
        Assert.Equal(prefix, job.Published.Prefix);
        Assert.True(job.Published.IsDuplicate);
    }

    private static OutgoingJob NewJob() =>
        JobMessageFactory.Create(new JobRequest("ocr"), "bucket", "jobs/", DateTimeOffset.UtcNow, TimeProvider.System);

    private static SqsEntryFailedException EntryFailed(string code, string message, bool senderFault) =>
        new("SendMessageBatch", new BatchResultErrorEntry { Id = "0", Code = code, Message = message, SenderFault = senderFault });
}
