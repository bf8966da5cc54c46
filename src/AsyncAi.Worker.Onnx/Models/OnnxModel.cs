using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// One ONNX model of the worker: a single <see cref="InferenceSession"/> shared by all concurrent jobs, behind a
/// dynamic batcher. Registered with <c>AddOnnxModel</c> or <c>AddOnnxHandler</c> and resolved as a keyed singleton
/// (the key is the model name). Loading starts with the host; a job that arrives earlier waits for it.
/// </summary>
public sealed class OnnxModel : IAsyncDisposable
{
    private readonly OnnxModelOptions _options;
    private readonly ModelFileResolver _resolver;
    private readonly OnnxSessionFactory _sessionFactory;
    private readonly OnnxMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _loadLock = new();
    private readonly CancellationTokenSource _disposing = new();
    private Task? _load;
    private OnnxSession? _session;
    private DynamicBatcher? _batcher;
    private OnnxModelLoadException? _failure;

    internal OnnxModel(
        string name,
        OnnxModelOptions options,
        ModelFileResolver resolver,
        OnnxSessionFactory sessionFactory,
        OnnxMetrics metrics,
        TimeProvider timeProvider,
        ILogger logger)
    {
        Name = name;
        _options = options;
        _resolver = resolver;
        _sessionFactory = sessionFactory;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The model's name (for a handler's model, the job type).</summary>
    public string Name { get; }

    /// <summary>Where the model is in its life.</summary>
    public OnnxModelState State { get; private set; }

    /// <summary>Why the load failed, when <see cref="State"/> is <see cref="OnnxModelState.Failed"/>.</summary>
    public string? FailureMessage => _failure?.Message;

    /// <summary>The execution provider the session runs on, once loaded.</summary>
    public OnnxExecutionProvider? ExecutionProvider => _session?.Provider;

    /// <summary>The model's inputs, once loaded.</summary>
    public IReadOnlyList<OnnxTensorInfo> Inputs { get; private set; } = [];

    /// <summary>The model's outputs, once loaded.</summary>
    public IReadOnlyList<OnnxTensorInfo> Outputs { get; private set; } = [];

    /// <summary>The most items per model call: the configured maximum, or 1 for a model with a fixed batch dimension.</summary>
    public int MaxBatchSize { get; private set; } = 1;

    /// <summary>How many model calls ran and how many items each held.</summary>
    public OnnxBatchStatistics Statistics { get; } = new();

    /// <summary>
    /// Loads the model once (later calls share the first): resolves and verifies the file, opens a session on the
    /// preferred execution provider and warms it up. A permanent failure leaves the model
    /// <see cref="OnnxModelState.Failed"/>; a transient one (a download error) is tried again by the next call.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting; the load itself goes on for other callers.</param>
    /// <exception cref="OnnxModelLoadException">The load failed.</exception>
    /// <exception cref="OnnxGpuUnavailableException">A GPU is required and none could be used.</exception>
    /// <exception cref="OnnxRuntimeMissingException">The native ONNX Runtime library is missing.</exception>
    public Task LoadAsync(CancellationToken cancellationToken = default)
    {
        Task load;
        lock (_loadLock)
        {
            ObjectDisposedException.ThrowIf(_disposing.IsCancellationRequested, this);
            if (_load is null || (_load.IsFaulted && _failure is null))
            {
                _load = Task.Run(LoadCoreAsync, CancellationToken.None);
            }

            load = _load;
        }

        return load.WaitAsync(cancellationToken);
    }

    /// <summary>Runs a single-input model on one request (stacked with other requests when batching is on).</summary>
    /// <param name="input">The input, its first dimension the batch (usually 1).</param>
    /// <param name="cancellationToken">Cancels the request while it waits for its batch.</param>
    /// <returns>The request's outputs; dispose them when done.</returns>
    /// <exception cref="InvalidJobInputException">The input does not fit the model.</exception>
    /// <exception cref="NonRetryableJobException">The model failed to load or to run (<see cref="JobErrorCodes.ModelFailed"/>).</exception>
    public async Task<OnnxResult> RunAsync(OnnxTensor input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        if (Inputs.Count != 1)
        {
            throw new InvalidJobInputException($"The ONNX model '{Name}' has {Inputs.Count} inputs ({string.Join(", ", Inputs)}); pass them by name.");
        }

        return await Enqueue([input], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the model on one request with named inputs (stacked with other requests when batching is on).</summary>
    /// <param name="inputs">Every model input by name, each with its first dimension the batch.</param>
    /// <param name="cancellationToken">Cancels the request while it waits for its batch.</param>
    /// <returns>The request's outputs; dispose them when done.</returns>
    /// <exception cref="InvalidJobInputException">An input is missing or does not fit the model.</exception>
    /// <exception cref="NonRetryableJobException">The model failed to load or to run (<see cref="JobErrorCodes.ModelFailed"/>).</exception>
    public async Task<OnnxResult> RunAsync(IReadOnlyDictionary<string, OnnxTensor> inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        await WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        var ordered = new OnnxTensor[Inputs.Count];
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (!inputs.TryGetValue(Inputs[i].Name, out var tensor))
            {
                throw new InvalidJobInputException($"The ONNX model '{Name}' needs input '{Inputs[i].Name}' with shape {OnnxTensor.FormatShape(Inputs[i].Shape)}; it was not given.");
            }

            ordered[i] = tensor;
        }

        var unknown = inputs.Keys.Where(k => !Inputs.Any(i => i.Name == k)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidJobInputException($"The ONNX model '{Name}' has no input named {string.Join(", ", unknown.Select(u => $"'{u}'"))}; its inputs are {string.Join(", ", Inputs)}.");
        }

        return await Enqueue(ordered, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the batcher (failing requests still waiting) and releases the session.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_loadLock)
        {
            if (_disposing.IsCancellationRequested)
            {
                return;
            }

            _disposing.Cancel();
        }

        if (_load is not null)
        {
            try
            {
                await _load.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Already logged by the load; disposal must still release what was made.
            }
        }

        if (_batcher is not null)
        {
            await _batcher.DisposeAsync().ConfigureAwait(false);
        }

        _session?.Dispose();
        _disposing.Dispose();
    }

    private Task<OnnxResult> Enqueue(OnnxTensor[] ordered, CancellationToken cancellationToken)
    {
        for (var i = 0; i < ordered.Length; i++)
        {
            CheckShape(Inputs[i], ordered[i]);
        }

        var rows = ordered[0].ShapeArray[0];
        if (ordered.Any(t => t.ShapeArray[0] != rows))
        {
            throw new InvalidJobInputException($"The inputs of ONNX model '{Name}' disagree on the batch size: {string.Join(", ", ordered.Select(t => OnnxTensor.FormatShape(t.Shape)))}.");
        }

        return _batcher!.EnqueueAsync(new BatchRequest(ordered, cancellationToken));
    }

    private void CheckShape(OnnxTensorInfo expected, OnnxTensor actual)
    {
        var fits = expected.Shape.Count == actual.Shape.Count
            && actual.Shape.Count > 0
            && actual.Shape[0] > 0
            && expected.Shape.Zip(actual.Shape).All(p => p.First < 0 || p.First == p.Second);
        if (!fits)
        {
            throw new InvalidJobInputException(
                $"Input '{expected.Name}' of ONNX model '{Name}' has shape {OnnxTensor.FormatShape(actual.Shape)} but the model expects {OnnxTensor.FormatShape(expected.Shape)} ('?' is any size).");
        }
    }

    /// <summary>
    /// Waits until the model is loaded, turning a failed load into the error a job reports: a permanent failure
    /// becomes a <see cref="NonRetryableJobException"/> with code <see cref="JobErrorCodes.ModelFailed"/>.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="NonRetryableJobException">The model failed to load for good.</exception>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OnnxModelLoadException ex) when (ex.Permanent)
        {
            throw new NonRetryableJobException(JobErrorCodes.ModelFailed, $"The ONNX model '{Name}' could not be loaded: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is OnnxGpuUnavailableException or OnnxRuntimeMissingException)
        {
            throw new NonRetryableJobException(JobErrorCodes.ModelFailed, $"The ONNX model '{Name}' could not be loaded: {ex.Message}", ex);
        }
    }

    private async Task LoadCoreAsync()
    {
        try
        {
            var path = await _resolver.ResolveAsync(Name, _options, _disposing.Token).ConfigureAwait(false);
            var session = _sessionFactory.Create(Name, path, _options, WarmUp);
            var inputs = session.Session.InputMetadata.Select(kv => new OnnxTensorInfo(kv.Key, kv.Value.Dimensions.Select(d => (long)d).ToArray())).ToList();
            var outputs = session.Session.OutputMetadata.Select(kv => new OnnxTensorInfo(kv.Key, kv.Value.Dimensions.Select(d => (long)d).ToArray())).ToList();
            var batching = inputs.All(i => i.HasDynamicBatch) && outputs.All(o => o.HasDynamicBatch);
            if (!batching && _options.MaxBatchSize > 1)
            {
                OnnxLog.BatchingDisabled(_logger, Name);
            }

            Inputs = inputs;
            Outputs = outputs;
            MaxBatchSize = batching ? _options.MaxBatchSize : 1;
            _session = session;
            var executor = new OnnxBatchExecutor(
                Name,
                session.Session,
                session.Provider,
                [.. inputs.Select(i => i.Name)],
                [.. outputs.Select(o => o.Name)],
                Statistics,
                _metrics);
            _batcher = new DynamicBatcher(executor, MaxBatchSize, _options.MaxBatchDelay, _options.MaxConcurrentRuns, _timeProvider);
            State = OnnxModelState.Ready;
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var providerText = session.Provider.ToString();
                var inputsText = string.Join(", ", inputs);
                OnnxLog.ModelLoaded(_logger, Name, path, providerText, inputsText, MaxBatchSize);
            }
        }
        catch (OnnxModelLoadException ex)
        {
            if (ex.Permanent)
            {
                _failure = ex;
                State = OnnxModelState.Failed;
            }

            OnnxLog.ModelLoadFailed(_logger, ex, Name, ex.Message);
            throw;
        }
        catch (Exception ex) when (ex is OnnxGpuUnavailableException or OnnxRuntimeMissingException)
        {
            _failure = new OnnxModelLoadException(ex.Message, permanent: true, ex);
            State = OnnxModelState.Failed;
            OnnxLog.ModelLoadFailed(_logger, ex, Name, ex.Message);
            throw;
        }
    }

    private void WarmUp(InferenceSession session)
    {
        var inputNames = session.InputMetadata.Keys.ToArray();
        var outputNames = session.OutputMetadata.Keys.ToArray();
        foreach (var (name, metadata) in session.InputMetadata.Concat(session.OutputMetadata))
        {
            if (metadata.ElementDataType != TensorElementType.Float)
            {
                throw new OnnxModelLoadException($"'{name}' is a {metadata.ElementDataType} tensor; AsyncAi's ONNX runner supports float tensors only.", permanent: true);
            }
        }

        if (_options.WarmupShapes.Count == 0)
        {
            return;
        }

        if (inputNames.Length != 1)
        {
            OnnxLog.WarmupSkipped(_logger, Name, inputNames.Length);
            return;
        }

        using var runOptions = new RunOptions();
        foreach (var shape in _options.WarmupShapes)
        {
            var zeros = new float[OnnxTensor.ElementCountOf(shape)];
            using var value = OrtValue.CreateTensorValueFromMemory(zeros, shape);
            using var outputs = session.Run(runOptions, inputNames, [value], outputNames);
        }
    }
}
