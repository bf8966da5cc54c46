using System.Runtime.CompilerServices;

// The ONNX tests drive the batcher with a fake executor; they live in their own project so that worker tests
// do not need the native ONNX Runtime.
[assembly: InternalsVisibleTo("AsyncAi.Onnx.Tests")]
