namespace AsyncAi.AspNetCore.Tests.Jobs;

/// <summary>Two different users never map to the same owner, whatever ids an attacker picks.</summary>
public sealed class OwnerMappingTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task A_user_whose_id_is_another_users_hashed_owner_cannot_read_or_cancel_that_users_jobs()
    {
        await using var backend = await BackendApp.StartAsync(Emulator);
        using var alice = backend.CreateClient(user: "alice@example.com");
        var job = await Api.CreateUploadedAsync(alice);
        var id = job.GetProperty("jobId").GetString();
        var key = job.GetProperty("upload").GetProperty("fields").GetProperty("key").GetString()!;
        var alicesOwner = key.Split('/')[1]["owner=".Length..];

        // The attacker signs up with exactly the owner alice's id hashes to.
        using var mallory = backend.CreateClient(user: alicesOwner);
        using var get = await mallory.GetAsync($"/api/jobs/{id}");
        using var cancel = await mallory.PostAsJsonAsync($"/api/jobs/{id}/cancel", new { });
        var mallorysJob = await Api.CreateAsync(mallory);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancel.StatusCode);
        var mallorysOwner = mallorysJob.GetProperty("upload").GetProperty("fields").GetProperty("key").GetString()!.Split('/')[1];
        Assert.NotEqual($"owner={alicesOwner}", mallorysOwner);
        using var own = await alice.GetAsync($"/api/jobs/{id}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Fact]
    public void Ids_chosen_to_collide_map_to_different_owners_and_every_owner_is_a_key_segment()
    {
        var victims = new[] { "alice@example.com", "https://idp.example/users/7", new string('a', 65), "bob" };
        var ids = new List<string>(victims);
        foreach (var victim in victims)
        {
            var owner = JobOwners.FromUserId(victim);
            // The victim's owner as a raw id, in other cases, cut short or extended: each must map elsewhere.
            ids.AddRange([owner, owner.ToUpperInvariant(), owner[..^1], owner + "0", "u-" + owner, owner.Replace("u-", "u_", StringComparison.Ordinal)]);
        }

        ids.AddRange(["u-", "u", "U-", "-u-", new string('b', 64), new string('b', 65), "u-" + new string('0', 40)]);
        var random = new Random(23);
        for (var i = 0; i < 2000; i++)
        {
            var chars = new char[random.Next(1, 80)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = "ab-_u@./0"[random.Next(9)];
            }

            ids.Add(new string(chars));
        }

        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var owners = distinct.Select(JobOwners.FromUserId).ToList();

        Assert.Equal(distinct.Count, owners.Distinct(StringComparer.Ordinal).Count());
        Assert.All(owners, o => Assert.True(StorageNames.IsSafeSegment(o), o));
        Assert.Equal("bob", JobOwners.FromUserId("bob"));
        Assert.StartsWith(JobOwners.HashedPrefix, JobOwners.FromUserId("u-bob"), StringComparison.Ordinal);
    }
}
