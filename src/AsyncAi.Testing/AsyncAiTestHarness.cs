using System.Text;
using AsyncAi.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AsyncAi.Testing;

/// <summary>
/// Drives AsyncAi in memory for unit tests: publish jobs, let the registered handlers run them, and look at what
/// happened (events, completions, outputs) without SQS, S3 or an emulator.
/// </summary>
/// <remarks>
/// Get one from <see cref="Create"/>, or resolve it from a service provider in which
/// <c>services.AddAsyncAiInMemory()</c> was called (for example inside a <c>WebApplicationFactory</c>).
/// Handlers run on the thread pool, each attempt in a new DI scope; a handler that throws anything but
/// <see cref="NonRetryableJobException"/> runs again at once until <see cref="AsyncAiInMemoryOptions.MaxAttempts"/>.
/// </remarks>
public sealed class AsyncAiTestHarness : IAsyncDisposable, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly bool _ownsServices;
    private readonly InMemoryObjectStore _store;
    private readonly InMemoryJobBoard _board;
    private readonly InMemoryJobScheduler _scheduler;
    private readonly InMemoryJobPublisher _publisher;
    private readonly AsyncAiInMemoryOptions _options;
    private int _disposed;

    internal AsyncAiTestHarness(IServiceProvider services, bool ownsServices)
    {
        _services = services;
        _ownsServices = ownsServices;
        _options = services.GetRequiredService<IOptions<AsyncAiInMemoryOptions>>().Value;
        _store = services.GetRequiredService<InMemoryObjectStore>();
        _board = services.GetRequiredService<InMemoryJobBoard>();
        _scheduler = services.GetRequiredService<InMemoryJobScheduler>();
        _publisher = services.GetRequiredService<InMemoryJobPublisher>();
        Results = services.GetRequiredService<InMemoryResultStore>();
    }

    /// <summary>Makes a harness with its own service provider.</summary>
    /// <param name="configureWorker">Registers the job handlers, with the same calls a worker makes on <c>AddAsyncAiWorker</c>.</param>
    /// <param name="configureServices">Registers what the handlers depend on (fakes, options, a <c>FakeTimeProvider</c>), or <see langword="null"/>.</param>
    /// <param name="configureOptions">Changes the defaults of <see cref="AsyncAiInMemoryOptions"/>, or <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">An option is invalid; every invalid one is named.</exception>
    public static AsyncAiTestHarness Create(
        Action<IAsyncAiWorkerBuilder> configureWorker,
        Action<IServiceCollection>? configureServices = null,
        Action<AsyncAiInMemoryOptions>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(configureWorker);
        var services = new ServiceCollection();
        configureServices?.Invoke(services);
        configureWorker(services.AddAsyncAiInMemory(configureOptions));
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        return new AsyncAiTestHarness(provider, ownsServices: true);
    }

    /// <summary>Where <see cref="AddInput"/> stores inputs; jobs of any owner may read from it.</summary>
    internal const string TestInputsFolder = "_test-inputs/";

    /// <summary>The service provider the handlers' scopes come from.</summary>
    public IServiceProvider Services => _services;

    /// <summary>The in-memory publisher (also registered as <see cref="IJobPublisher"/>).</summary>
    public IJobPublisher Publisher => _publisher;

    /// <summary>The in-memory event feed (also registered as <see cref="IJobEvents"/>).</summary>
    public IJobEvents Events => _board;

    /// <summary>The in-memory result store (also registered as <see cref="IResultStore"/>); its download URLs use the <c>memory:</c> scheme.</summary>
    public IResultStore Results { get; }

    /// <summary>The bucket name in the object references the harness makes.</summary>
    public string Bucket => _options.Bucket;

    /// <summary>Every job accepted so far, in publishing order (duplicates excluded).</summary>
    public IReadOnlyList<PublishedJob> Published => _publisher.Published;

    /// <summary>The completion of every job that ended so far, in the order they ended.</summary>
    public IReadOnlyList<JobCompletion> Completions => _board.Completions;

    /// <summary>
    /// Jobs that can never run here (no handler is registered for their type), in order: the real worker moves
    /// them to the dead-letter queue without a completion, and so does the harness; waiting for their completion
    /// times out.
    /// </summary>
    public IReadOnlyList<DeadLetteredJob> DeadLettered => _board.DeadLettered;

    /// <summary>
    /// What a job's handler threw, one entry per failed attempt. A completion's error carries only a stable code and a
    /// safe message (it reaches browsers); the exceptions themselves stay here, as they stay in a real worker's logs.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner, or <see langword="null"/> for a job without one.</param>
    public IReadOnlyList<Exception> HandlerErrorsOf(JobId jobId, string? owner = null) => _board.HandlerErrorsOf(new JobKey(jobId, owner));

    /// <summary>Every event so far, across jobs, in order.</summary>
    public IReadOnlyList<JobEvent> AllEvents => _board.AllEvents;

    /// <summary>The events of one job so far, in order: Queued, Started, Progress..., and one terminal event.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner, or <see langword="null"/> for a job without one.</param>
    public IReadOnlyList<JobEvent> EventsOf(JobId jobId, string? owner = null) => _board.EventsOf(new JobKey(jobId, owner));

    /// <summary>Stores an input object and returns its reference, to put into <see cref="JobRequest.Inputs"/>.</summary>
    /// <param name="name">A file name for the object (see <see cref="StorageNames.ValidateFileName"/>); each call gets its own key.</param>
    /// <param name="content">The bytes.</param>
    /// <param name="contentType">The MIME type.</param>
    public ObjectReference AddInput(string name, ReadOnlyMemory<byte> content, string contentType = "application/octet-stream")
    {
        StorageNames.ValidateFileName(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        var location = new ObjectReference(Bucket, $"{TestInputsFolder}{Guid.NewGuid():N}/{name}");
        _store.Put(location, content, contentType);
        return location;
    }

    /// <summary>Stores an object at an exact location, for example an input under a job's prefix as a browser would upload it.</summary>
    /// <param name="location">Where.</param>
    /// <param name="content">The bytes.</param>
    /// <param name="contentType">The MIME type.</param>
    public void PutObject(ObjectReference location, ReadOnlyMemory<byte> content, string contentType = "application/octet-stream")
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        _store.Put(location, content, contentType);
    }

    /// <summary>Whether an object exists in the in-memory store.</summary>
    /// <param name="location">Where.</param>
    public bool ObjectExists(ObjectReference location) => _store.Contains(location);

    /// <summary>The bytes of an output.</summary>
    /// <param name="output">The output, from a completion.</param>
    /// <exception cref="FileNotFoundException">Nothing was written there.</exception>
    public byte[] ReadOutput(JobOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return _store.TryGet(output.Location, out var stored)
            ? stored.Content.ToArray()
            : throw new FileNotFoundException($"No output was written at {output.Location}.");
    }

    /// <summary>The text of an output, read as UTF-8.</summary>
    /// <param name="output">The output, from a completion.</param>
    /// <exception cref="FileNotFoundException">Nothing was written there.</exception>
    public string ReadOutputText(JobOutput output) => Encoding.UTF8.GetString(ReadOutput(output));

    /// <summary>Publishes a job.</summary>
    /// <param name="request">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<PublishedJob> PublishAsync(JobRequest request, CancellationToken cancellationToken = default) =>
        _publisher.PublishAsync(request, cancellationToken);

    /// <summary>
    /// Publishes a job, runs it (also when jobs do not run automatically) and returns its completion, whatever the
    /// status. Throws <see cref="TimeoutException"/> when the job has not ended within
    /// <see cref="AsyncAiInMemoryOptions.WaitTimeout"/>, so that a stuck handler fails the test instead of hanging it.
    /// </summary>
    /// <param name="request">The job.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<JobCompletion> RunAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        var published = await _publisher.PublishAsync(request, cancellationToken).ConfigureAwait(false);
        if (!_options.RunJobsAutomatically)
        {
            _ = _scheduler.RunPendingAsync();
        }

        return await WaitForCompletionAsync(published.JobId, published.Owner, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the completion of a job without owner, throwing <see cref="TimeoutException"/> after
    /// <see cref="AsyncAiInMemoryOptions.WaitTimeout"/>.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task<JobCompletion> WaitForCompletionAsync(JobId jobId, CancellationToken cancellationToken = default) =>
        WaitForCompletionAsync(jobId, owner: null, cancellationToken);

    /// <summary>
    /// Waits for a job's completion, throwing <see cref="TimeoutException"/> after
    /// <see cref="AsyncAiInMemoryOptions.WaitTimeout"/>.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="owner">The job's owner, or <see langword="null"/> for a job without one.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task<JobCompletion> WaitForCompletionAsync(JobId jobId, string? owner, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _board.WaitForCompletionAsync(jobId, owner, cancellationToken).WaitAsync(_options.WaitTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            // Waiting without the owner for an owner's job (or the reverse) is the likely mistake: name the owners.
            var others = _board.OwnersOf(jobId).Where(o => o != owner).Select(o => o is null ? "(none)" : $"'{o}'").ToList();
            var hint = others.Count > 0 && EventsOf(jobId, owner).Count == 0
                ? $" Jobs with this id exist for other owners: {string.Join(", ", others)}; a job is its id and owner together."
                : string.Empty;
            throw new TimeoutException(
                $"Job {jobId}{(owner is null ? string.Empty : $" of owner '{owner}'")} did not end within {_options.WaitTimeout} ({nameof(AsyncAiInMemoryOptions)}.{nameof(AsyncAiInMemoryOptions.WaitTimeout)}). " +
                $"Its events: {string.Join(", ", EventsOf(jobId, owner).Select(e => e.Type))}.{hint}", ex);
        }
    }

    /// <summary>Starts the jobs held back because <see cref="AsyncAiInMemoryOptions.RunJobsAutomatically"/> is off, and waits until they end.</summary>
    public Task RunPendingJobsAsync() => _scheduler.RunPendingAsync();

    /// <summary>Waits until no job is running, including jobs that handlers published while running.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default) => _scheduler.WhenIdleAsync(cancellationToken);

    /// <summary>Cancels running jobs, waits for them, and disposes the service provider when <see cref="Create"/> made it.</summary>
    public void Dispose()
    {
        // A container disposed with Dispose() (a plain using) disposes its singletons synchronously.
        DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Cancels running jobs, waits for them, and disposes the service provider when <see cref="Create"/> made it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _scheduler.CancelAll();
        await _scheduler.WhenIdleAsync(CancellationToken.None).ConfigureAwait(false);
        if (_ownsServices && _services is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}
