namespace AsyncAi.Testing.Tests;

/// <summary>A handler whose body each test writes inline.</summary>
internal sealed class DelegateHandler(Func<IJobContext, CancellationToken, Task> body) : IJobHandler
{
    public Task HandleAsync(IJobContext context, CancellationToken cancellationToken) => body(context, cancellationToken);
}
