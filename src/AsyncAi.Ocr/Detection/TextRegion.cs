namespace AsyncAi.Ocr;

/// <summary>A text region found by detection: a rotated box in pixels of the image it was found in, and its score.</summary>
/// <param name="Box">The box, grown from the detector's shrunk text kernel (unclipped).</param>
/// <param name="Score">The mean text probability over the kernel's outline.</param>
internal readonly record struct TextRegion(RotatedBox Box, float Score)
{
    public TextRegion Scale(float sx, float sy) => this with { Box = Box.Scale(sx, sy) };
}
