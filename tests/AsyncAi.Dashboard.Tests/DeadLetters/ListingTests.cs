using AsyncAi.Dashboard;

namespace AsyncAi.Dashboard.Tests.DeadLetters;

/// <summary>What listing a dead-letter queue costs the messages: one receive each, and nothing else.</summary>
public sealed class ListingTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task Each_listing_adds_one_to_every_messages_receive_count_and_leaves_them_all_visible_again()
    {
        await using var app = await DashboardApp.StartAsync(Emulator, o => o.MaxDeadLettersListed = 10);
        await app.WaitForQueuesAsync();
        await app.SendDeadLettersAsync(app.Queues.DeadLetterQueueUrl, 25, "no handler");
        using var http = app.CreateClient();
        var (header, token, _) = await DashboardPage.LoadAsync(http);

        async Task<JsonElement> ScanAsync()
        {
            using var response = await http.SendAsync(DashboardPage.Post("/ops/api/dead-letters/requests-dlq/scan", "{}", header, token));
            response.EnsureSuccessStatusCode();
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        }

        var first = await ScanAsync();
        Assert.Equal(10, first.GetProperty("messages").GetArrayLength());
        Assert.False(first.GetProperty("complete").GetBoolean(), "the listing says it stopped at MaxDeadLettersListed");
        Assert.Equal((25, 0), await app.DepthAsync(app.Queues.DeadLetterQueueUrl));

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AsyncAiDashboardOptions>>().Value;
        options.MaxDeadLettersListed = 100;
        var second = await ScanAsync();
        var messages = second.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(25, messages.Count);
        Assert.True(second.GetProperty("complete").GetBoolean());
        var firstIds = first.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("messageId").GetString()).ToHashSet();
        Assert.All(messages, m => Assert.Equal(firstIds.Contains(m.GetProperty("messageId").GetString()) ? 2 : 1, m.GetProperty("receiveCount").GetInt32()));
        Assert.All(messages, m => Assert.Equal("no handler", m.GetProperty("reason").GetString()));
        Assert.Equal((25, 0), await app.DepthAsync(app.Queues.DeadLetterQueueUrl));
    }
}
