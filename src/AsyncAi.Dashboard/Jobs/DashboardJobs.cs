using Microsoft.Extensions.DependencyInjection;

namespace AsyncAi.Dashboard;

/// <summary>
/// The job store the dashboard lists from, when the application has one that can be queried (the client's default
/// in-memory store, or a database's); <see langword="null"/> when the status store cannot be asked questions (S3).
/// </summary>
internal sealed class DashboardJobs(IServiceProvider services)
{
    private readonly Lazy<IJobStore?> _store = new(() =>
    {
        try
        {
            return services.GetService<IJobStore>();
        }
        catch (InvalidOperationException)
        {
            // AsyncAi.Client registers IJobStore with a factory that refuses the S3 status store.
            return null;
        }
    });

    public IJobStore? Store => _store.Value;
}
