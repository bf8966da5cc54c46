using AsyncAi.Worker.Sqs;

namespace AsyncAi.Worker.Tests.Sqs;

public sealed class RetryBackoffTests
{
    private readonly RetryBackoff _backoff = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(7, 128)]
    [InlineData(8, 256)]
    [InlineData(9, 300)]
    [InlineData(1000, 300)]
    public void The_nominal_delay_doubles_per_attempt_up_to_the_cap(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), _backoff.NominalDelay(attempt));

    [Fact]
    public void Jitter_keeps_each_delay_between_half_and_all_of_its_nominal_value()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), _backoff.Delay(3, 0));
        Assert.Equal(TimeSpan.FromSeconds(6), _backoff.Delay(3, 0.5));
        Assert.True(_backoff.Delay(3, 0.999999) < TimeSpan.FromSeconds(8));
        for (var i = 0; i < 1000; i++)
        {
            var delay = _backoff.Delay(4);
            Assert.InRange(delay, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16));
        }
    }

    [Fact]
    public void Attempts_start_at_one() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _backoff.NominalDelay(0));
}
