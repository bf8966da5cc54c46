namespace AsyncAi.Worker.Onnx;

/// <summary>The generic ONNX job: files to tensors, one (batched) model call, tensors to files.</summary>
internal sealed class OnnxJobHandler(OnnxModel model, IOnnxInputMapper inputMapper, IOnnxOutputMapper outputMapper) : IJobHandler
{
    public async Task HandleAsync(IJobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await model.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
        var inputs = await inputMapper.MapInputsAsync(context, model, cancellationToken).ConfigureAwait(false);
        using var result = await model.RunAsync(inputs, cancellationToken).ConfigureAwait(false);
        await outputMapper.MapOutputsAsync(context, model, result, cancellationToken).ConfigureAwait(false);
    }
}
