using AsyncAi.Dashboard;
using Microsoft.Extensions.Configuration;

namespace AsyncAi.Dashboard.Tests.Configuration;

/// <summary>Settings bound from configuration and checked at start, each bad one named by its path.</summary>
public sealed class OptionsTests
{
    [Fact]
    public async Task Bad_settings_stop_the_host_at_start_naming_every_one_by_its_configuration_path()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AsyncAi:Dashboard:SampleInterval"] = "00:00:00.010",
            ["AsyncAi:Dashboard:DeadLetterScanVisibility"] = "00:30:00",
            ["AsyncAi:Dashboard:MaxDeadLettersListed"] = "1",
        }).Build();
        var error = await TestHosts.StartFailsValidationAsync(services => services
            .AddAsyncAiClient(o =>
            {
                o.RequestQueueUrl = new Uri("http://127.0.0.1:1/000000000000/requests");
                o.Bucket = "bucket";
            })
            .AddAsyncAiDashboard(configuration));
        Assert.Contains(error.Failures, f => f.StartsWith("AsyncAi:Dashboard:SampleInterval = 00:00:00.0100000", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("AsyncAi:Dashboard:DeadLetterScanVisibility = 00:30:00", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("AsyncAi:Dashboard:MaxDeadLettersListed = 1: must be between 10 and 10000", StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_sample_every_10_seconds_and_keep_an_hour()
    {
        var options = new AsyncAiDashboardOptions();
        Assert.Equal(TimeSpan.FromSeconds(10), options.SampleInterval);
        Assert.Equal(TimeSpan.FromHours(1), options.History);
        Assert.True(options.UseMessageMoveTask);
    }
}
