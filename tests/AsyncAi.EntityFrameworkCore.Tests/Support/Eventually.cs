namespace AsyncAi.EntityFrameworkCore.Tests.Support;

/// <summary>Waits for a condition the system reaches on its own (a dispatcher's send, a delete), failing after a patience.</summary>
internal static class Eventually
{
    /// <summary>Checks every 50 ms; an exception while the time lasts counts as "not yet" (a server just restarted).</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan? patience = null)
    {
        var end = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception) when (DateTime.UtcNow < end)
            {
                // The first reads after a restart may meet a pooled connection the server closed.
            }

            Assert.True(DateTime.UtcNow < end, "The condition did not hold in time.");
            await Task.Delay(50);
        }
    }

    /// <summary>The value once reading it succeeds, retrying while the time lasts.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, TimeSpan? patience = null)
    {
        var result = default(T);
        await HoldsAsync(async () =>
        {
            result = await read();
            return true;
        }, patience);
        return result!;
    }
}
