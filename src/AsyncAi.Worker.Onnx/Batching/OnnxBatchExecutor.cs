using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace AsyncAi.Worker.Onnx;

/// <summary>
/// Runs a batch as one <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// call on OrtValues over pooled buffers (no NamedOnnxValue or DenseTensor garbage), then slices every output
/// back to its request. A failed batch of several is retried one request at a time, so that one bad input fails
/// its own job only.
/// </summary>
internal sealed class OnnxBatchExecutor(
    string modelName,
    InferenceSession session,
    OnnxExecutionProvider provider,
    string[] inputNames,
    string[] outputNames,
    OnnxBatchStatistics statistics,
    OnnxMetrics metrics) : IBatchExecutor
{
    public void Execute(IReadOnlyList<BatchRequest> batch)
    {
        var live = batch.Where(r => !r.IsDone).ToList();
        if (live.Count == 0)
        {
            return;
        }

        try
        {
            RunAndComplete(live);
        }
        catch (Exception) when (live.Count > 1)
        {
            foreach (var request in live)
            {
                RunAlone(request);
            }
        }
        catch (Exception ex)
        {
            live[0].Fail(Translate(ex));
        }
    }

    private void RunAlone(BatchRequest request)
    {
        try
        {
            RunAndComplete([request]);
        }
        catch (Exception ex)
        {
            request.Fail(Translate(ex));
        }
    }

    private Exception Translate(Exception exception) => exception is OnnxRuntimeException
        ? new NonRetryableJobException(JobErrorCodes.ModelFailed, $"The ONNX model '{modelName}' failed to run: {exception.Message}", exception)
        : exception;

    private void RunAndComplete(List<BatchRequest> requests)
    {
        var rows = requests.Sum(r => r.Rows);
        var inputValues = new OrtValue[inputNames.Length];
        var rentedInputs = new List<float[]>();
        try
        {
            for (var i = 0; i < inputNames.Length; i++)
            {
                var first = requests[0].Inputs[i];
                var shape = first.GetShape();
                shape[0] = rows;
                Memory<float> memory;
                if (requests.Count == 1)
                {
                    // ONNX Runtime only reads inputs, so wrapping the caller's memory saves a copy.
                    memory = MemoryMarshal.AsMemory(first.Data);
                }
                else
                {
                    var total = requests.Sum(r => r.Inputs[i].Data.Length);
                    var buffer = ArrayPool<float>.Shared.Rent(total);
                    rentedInputs.Add(buffer);
                    var offset = 0;
                    foreach (var request in requests)
                    {
                        var data = request.Inputs[i].Data.Span;
                        data.CopyTo(buffer.AsSpan(offset));
                        offset += data.Length;
                    }

                    memory = buffer.AsMemory(0, total);
                }

                inputValues[i] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, memory, shape);
            }

            var started = Stopwatch.GetTimestamp();
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputNames, inputValues, outputNames);
            var elapsed = Stopwatch.GetElapsedTime(started);
            statistics.Record(rows);
            metrics.RecordRun(modelName, provider, rows, elapsed);
            Slice(requests, rows, outputs);
        }
        finally
        {
            foreach (var value in inputValues)
            {
                value?.Dispose();
            }

            foreach (var buffer in rentedInputs)
            {
                ArrayPool<float>.Shared.Return(buffer);
            }
        }
    }

    private void Slice(List<BatchRequest> requests, int rows, IReadOnlyList<OrtValue> outputs)
    {
        var shapes = new long[outputs.Count][];
        for (var o = 0; o < outputs.Count; o++)
        {
            var info = outputs[o].GetTensorTypeAndShape();
            if (info.ElementDataType != TensorElementType.Float)
            {
                throw new NonRetryableJobException(JobErrorCodes.ModelFailed, $"The ONNX model '{modelName}' output '{outputNames[o]}' is {info.ElementDataType}; only float outputs are supported.");
            }

            shapes[o] = info.Shape;
            if (requests.Count > 1 && (info.Shape.Length == 0 || info.Shape[0] != rows))
            {
                throw new InvalidOperationException($"The ONNX model '{modelName}' output '{outputNames[o]}' has shape {OnnxTensor.FormatShape(info.Shape)}, which does not start with the batch size {rows}.");
            }
        }

        var row = 0;
        foreach (var request in requests)
        {
            var tensors = new Dictionary<string, OnnxTensor>(outputs.Count, StringComparer.Ordinal);
            var rented = new float[outputs.Count][];
            for (var o = 0; o < outputs.Count; o++)
            {
                var all = outputs[o].GetTensorDataAsSpan<float>();
                var shape = (long[])shapes[o].Clone();
                ReadOnlySpan<float> slice;
                if (requests.Count == 1)
                {
                    slice = all;
                }
                else
                {
                    var rowLength = all.Length / rows;
                    slice = all.Slice(row * rowLength, request.Rows * rowLength);
                    shape[0] = request.Rows;
                }

                var buffer = ArrayPool<float>.Shared.Rent(Math.Max(slice.Length, 1));
                slice.CopyTo(buffer);
                rented[o] = buffer;
                tensors[outputNames[o]] = new OnnxTensor(buffer.AsMemory(0, slice.Length), shape);
            }

            row += request.Rows;
            request.Complete(new OnnxResult(tensors, rented, rows));
        }
    }
}
