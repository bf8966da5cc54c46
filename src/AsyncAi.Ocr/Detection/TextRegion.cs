namespace AsyncAi.Ocr;

/// <summary>An axis-aligned text region found by detection, in pixels of the image it was found in.</summary>
/// <param name="X">The left edge.</param>
/// <param name="Y">The top edge.</param>
/// <param name="Width">The width.</param>
/// <param name="Height">The height.</param>
/// <param name="Score">The mean text probability inside the region.</param>
internal readonly record struct TextRegion(float X, float Y, float Width, float Height, float Score)
{
    public float Right => X + Width;

    public float Bottom => Y + Height;

    public TextRegion Scale(float sx, float sy) => new(X * sx, Y * sy, Width * sx, Height * sy, Score);
}
