using System.Text.Json.Serialization;

namespace AsyncAi.Ocr;

/// <summary>The content of <c>result.json</c>: the text read from an image, in reading order, as regions, lines and blocks.</summary>
/// <param name="ImageWidth">The image's width in pixels.</param>
/// <param name="ImageHeight">The image's height in pixels.</param>
/// <param name="Text">All text lines (<see cref="TextLines"/>), joined with new lines.</param>
/// <param name="Lines">The recognised regions, in reading order: line by line, each line left to right.</param>
/// <param name="Timings">Where the time went.</param>
/// <param name="ExecutionProvider">The execution provider the models ran on (for example <c>cpu</c> or <c>cuda:0</c>).</param>
public sealed record OcrResult(
    int ImageWidth,
    int ImageHeight,
    string Text,
    IReadOnlyList<OcrLine> Lines,
    OcrTimings Timings,
    string ExecutionProvider)
{
    /// <summary>
    /// The text lines in reading order, each made of one or more of <see cref="Lines"/> (regions of one line split
    /// by a wide gap); <see cref="Text"/> is these lines joined with new lines.
    /// </summary>
    public IReadOnlyList<OcrTextLine> TextLines { get; init; } = [];

    /// <summary>
    /// The page's blocks in reading order (a title, a paragraph, a column, a side-bar: top to bottom, columns left
    /// to right), each made of consecutive <see cref="TextLines"/>; every text line is in exactly one block.
    /// </summary>
    public IReadOnlyList<OcrBlock> Blocks { get; init; } = [];
}

/// <summary>A block of text on the page (a title, a paragraph, a column or a side-bar): its lines, top to bottom.</summary>
/// <param name="Text">Its lines' text joined with new lines.</param>
/// <param name="Box">The upright rectangle around its lines.</param>
/// <param name="TextLines">Indexes into <see cref="OcrResult.TextLines"/>, in reading order (consecutive).</param>
public sealed record OcrBlock(string Text, OcrBox Box, IReadOnlyList<int> TextLines);

/// <summary>One line of text on the page: the regions on it, left to right as it reads.</summary>
/// <param name="Text">The regions' text joined with spaces.</param>
/// <param name="Confidence">The mean character probability over its regions, 0-1.</param>
/// <param name="Box">The upright rectangle around its regions.</param>
/// <param name="Regions">Indexes into <see cref="OcrResult.Lines"/>, in reading order.</param>
public sealed record OcrTextLine(string Text, float Confidence, OcrBox Box, IReadOnlyList<int> Regions);

/// <summary>One recognised text region (a line, or a part of a line set apart from the rest by a wide gap).</summary>
/// <param name="Text">The text.</param>
/// <param name="Confidence">The mean probability of its characters, 0-1.</param>
/// <param name="Box">The upright rectangle around <see cref="Polygon"/>, clipped to the image.</param>
public sealed record OcrLine(string Text, float Confidence, OcrBox Box)
{
    /// <summary>
    /// The region's rotated rectangle in image pixels, as the text reads: top-left, top-right, bottom-right,
    /// bottom-left of the text (so for upside-down text the first corner is the lowest right one on the image).
    /// </summary>
    public IReadOnlyList<OcrPoint> Polygon { get; init; } = [];

    /// <summary>The angle of the text's baseline in degrees, clockwise on the image; 0 is horizontal, 180 upside down.</summary>
    public double AngleDegrees { get; init; }
}

/// <summary>A point in image pixels.</summary>
/// <param name="X">From the left edge.</param>
/// <param name="Y">From the top edge.</param>
public sealed record OcrPoint(float X, float Y);

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
internal sealed partial class OcrJsonContext : JsonSerializerContext;
