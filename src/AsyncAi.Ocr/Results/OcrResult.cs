using System.Text.Json.Serialization;

namespace AsyncAi.Ocr;

/// <summary>The content of <c>result.json</c>: the text lines read from an image, in reading order.</summary>
/// <param name="ImageWidth">The image's width in pixels.</param>
/// <param name="ImageHeight">The image's height in pixels.</param>
/// <param name="Text">All lines, joined with new lines.</param>
/// <param name="Lines">The lines, top to bottom and left to right.</param>
/// <param name="Timings">Where the time went.</param>
/// <param name="ExecutionProvider">The execution provider the models ran on (for example <c>cpu</c> or <c>cuda:0</c>).</param>
public sealed record OcrResult(
    int ImageWidth,
    int ImageHeight,
    string Text,
    IReadOnlyList<OcrLine> Lines,
    OcrTimings Timings,
    string ExecutionProvider);

/// <summary>One recognised text line.</summary>
/// <param name="Text">The text.</param>
/// <param name="Confidence">The mean probability of its characters, 0-1.</param>
/// <param name="Box">Where it is in the image.</param>
public sealed record OcrLine(string Text, float Confidence, OcrBox Box);

/// <summary>An axis-aligned box in image pixels.</summary>
/// <param name="X">The left edge.</param>
/// <param name="Y">The top edge.</param>
/// <param name="Width">The width.</param>
/// <param name="Height">The height.</param>
public sealed record OcrBox(int X, int Y, int Width, int Height);

/// <summary>Milliseconds spent in each stage of one job.</summary>
/// <param name="DecodeMs">Reading and decoding the image.</param>
/// <param name="DetectionMs">Text detection, waiting for its batch included.</param>
/// <param name="RecognitionMs">Text recognition of all lines, waiting for their batches included.</param>
/// <param name="TotalMs">The whole job up to writing the outputs.</param>
public sealed record OcrTimings(double DecodeMs, double DetectionMs, double RecognitionMs, double TotalMs);

/// <summary>Source-generated JSON metadata for <see cref="OcrResult"/>, camel-cased.</summary>
[JsonSerializable(typeof(OcrResult))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
public sealed partial class OcrJsonContext : JsonSerializerContext;
