namespace AsyncAi.Client.Tests.Trust;

/// <summary>
/// A backend may forward a location a user chose; the publisher applies the worker's rule before anything is sent,
/// so the worker can never be used to read another tenant's object.
/// </summary>
public sealed class PublishLocationRuleTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Theory]
    [InlineData("acme", "jobs/owner=victim/j1/inputs/secret.png")]
    [InlineData("acme", "jobs/j1/inputs/image.png")]
    [InlineData(null, "jobs/owner=victim/j1/inputs/secret.png")]
    [InlineData(null, "private/keys.pem")]
    public async Task An_input_outside_what_the_job_may_read_is_refused_and_nothing_is_sent(string? owner, string key)
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, listen: false);
        var request = new JobRequest("ocr")
        {
            Owner = owner,
            Inputs = new Dictionary<string, ObjectReference> { ["image"] = new(resources.Bucket, key) },
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Publisher.PublishAsync(request));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Empty(await QueueReader.ReceiveAsync(client.Sqs, resources.RequestQueueUrl, 1, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task An_input_in_the_owners_own_folder_is_published()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, listen: false);

        var job = await client.Publisher.PublishAsync(new JobRequest("ocr")
        {
            Owner = "acme",
            Inputs = new Dictionary<string, ObjectReference> { ["image"] = new(resources.Bucket, "jobs/owner=acme/earlier-job/outputs/page.png") },
        });

        Assert.Equal($"jobs/owner=acme/{job.JobId.Value}/", job.Prefix.Key);
    }

    [Fact]
    public async Task A_deadline_further_ahead_than_sqs_keeps_a_message_is_refused()
    {
        var resources = await Resources.CreateAsync(Emulator);
        await using var client = await ClientHost.StartAsync(Emulator, resources, listen: false);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => client.Publisher.PublishAsync(new JobRequest("ocr") { Deadline = DateTimeOffset.UtcNow.AddDays(15) }));

        Assert.Contains("14 days", error.Message, StringComparison.Ordinal);
    }
}
