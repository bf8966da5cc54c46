using Amazon.S3.Model;
using Moq;

namespace AsyncAi.Client.Tests.Publishing;

/// <summary>
/// The one path fauxqs cannot exercise: it ignores If-None-Match on PUT, so the 412 that S3 answers to the loser of
/// two simultaneous first publishes is played by a stub here.
/// </summary>
public sealed class IdempotencyRaceTests
{
    [Fact]
    public async Task The_loser_of_a_race_for_a_key_returns_the_winners_job()
    {
        var winner = new IdempotencyRecord
        {
            JobId = JobId.Parse("winner"),
            JobType = "ocr",
            Prefix = new ObjectReference("b", "jobs/winner/"),
            QueuedAt = DateTimeOffset.UnixEpoch,
        };
        var reads = 0;
        var s3 = new Mock<IAmazonS3>(MockBehavior.Strict);
        s3.Setup(x => x.GetObjectAsync("b", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Returns(() => ++reads == 1
                ? throw new AmazonS3Exception("missing") { StatusCode = HttpStatusCode.NotFound }
                : Task.FromResult(new GetObjectResponse
                {
                    ResponseStream = new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(winner, ClientJsonContext.Default.IdempotencyRecord))),
                }));
        s3.Setup(x => x.PutObjectAsync(It.Is<PutObjectRequest>(r => r.IfNoneMatch == "*"), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new AmazonS3Exception("At least one of the pre-conditions you specified did not hold") { StatusCode = HttpStatusCode.PreconditionFailed });
        var services = new ServiceCollection().AddSingleton(s3.Object).BuildServiceProvider();
        using var aws = new ClientAwsClients(services, Options.Create(new AsyncAiClientOptions()));
        var keys = new IdempotencyKeys(aws, "b", "jobs/");

        var existing = await keys.ClaimAsync("k", winner with { JobId = JobId.Parse("loser") }, default);

        Assert.Equal(JobId.Parse("winner"), existing!.JobId);
    }
}
