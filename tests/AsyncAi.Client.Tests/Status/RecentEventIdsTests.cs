namespace AsyncAi.Client.Tests.Status;

public sealed class RecentEventIdsTests
{
    [Fact]
    public void Remembers_the_last_ids_up_to_its_capacity()
    {
        var ids = new RecentEventIds(capacity: 2);
        ids.Add("1");
        ids.Add("2");
        ids.Add("2");
        ids.Add("3");

        Assert.False(ids.Contains("1"));
        Assert.True(ids.Contains("2"));
        Assert.True(ids.Contains("3"));
    }
}
