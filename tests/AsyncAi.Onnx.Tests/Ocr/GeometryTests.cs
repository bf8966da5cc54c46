namespace AsyncAi.Onnx.Tests;

/// <summary>The pure geometry under the OCR job's detection post-processing and cropping.</summary>
public sealed class GeometryTests
{
    private static SKPoint[] RotatedRectangle(float cx, float cy, float width, float height, double degrees)
    {
        var radians = degrees * Math.PI / 180;
        var (cos, sin) = ((float)Math.Cos(radians), (float)Math.Sin(radians));
        return [.. new[] { (-width / 2, -height / 2), (width / 2, -height / 2), (width / 2, height / 2), (-width / 2, height / 2) }
            .Select(p => new SKPoint(cx + (p.Item1 * cos) - (p.Item2 * sin), cy + (p.Item1 * sin) + (p.Item2 * cos)))];
    }

    private static void AssertNear(SKPoint expected, SKPoint actual, float tolerance = 0.01f)
    {
        Assert.True(Math.Abs(expected.X - actual.X) <= tolerance && Math.Abs(expected.Y - actual.Y) <= tolerance, $"expected {expected}, got {actual}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(12)]
    [InlineData(-30)]
    public void The_minimum_area_rectangle_of_a_rotated_rectangles_points_is_that_rectangle(double degrees)
    {
        var corners = RotatedRectangle(100, 60, 80, 20, degrees);
        // Points on the edges and inside must not change it.
        var points = corners.Concat([new SKPoint(100, 60), new SKPoint((corners[0].X + corners[1].X) / 2, (corners[0].Y + corners[1].Y) / 2)]);

        var box = MinAreaRectangle.Of(points);

        Assert.Equal(80, box.Width, 2);
        Assert.Equal(20, box.Height, 2);
        Assert.Equal(degrees, box.AngleDegrees, 2);
        AssertNear(corners[0], box.TopLeft);
        AssertNear(corners[2], box.BottomRight);
    }

    [Fact]
    public void The_minimum_area_rectangle_of_a_triangle_lies_on_one_of_its_edges()
    {
        var box = MinAreaRectangle.Of([new SKPoint(0, 0), new SKPoint(10, 0), new SKPoint(0, 10)]);

        // Area 50 on the legs (10 x 10 = 100 upright, 14.14 x 7.07 = 100 on the hypotenuse): the minimum is 100.
        Assert.Equal(100, box.Width * box.Height, 2);
    }

    [Fact]
    public void The_polygon_score_averages_only_the_pixels_inside_the_polygon()
    {
        // A 20x20 map: 1 inside the diamond |x-10| + |y-10| <= 5, 0 elsewhere. The upright box around it would
        // average about 0.5; the diamond itself averages 1.
        const int Size = 20;
        var map = new float[Size * Size];
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                map[(y * Size) + x] = Math.Abs(x - 10) + Math.Abs(y - 10) <= 5 ? 1 : 0;
            }
        }

        SKPoint[] diamond = [new(10, 5), new(15, 10), new(10, 15), new(5, 10)];

        Assert.Equal(1f, PolygonScore.Mean(map, Size, Size, diamond), 4);
        Assert.InRange(PolygonScore.Mean(map, Size, Size, [new(5, 5), new(15, 5), new(15, 15), new(5, 15)]), 0.45f, 0.6f);
    }

    [Fact]
    public void A_tilted_kernel_scores_over_its_outline_and_passes_the_box_threshold()
    {
        // A kernel tilted by 20 degrees with probability 0.9: over an upright rectangle it would average far below
        // the 0.6 threshold (mostly background); over its outline it keeps about 0.9.
        const int Width = 200, Height = 120;
        var map = new float[Width * Height];
        var kernel = new List<SKPoint>();
        var box = RotatedRectangle(100, 60, 150, 12, 20);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                if (Inside(box, x, y))
                {
                    map[(y * Width) + x] = 0.9f;
                    kernel.Add(new SKPoint(x, y));
                }
            }
        }

        var region = DbPostProcessor.FromKernel(map, Width, Height, kernel, boxThreshold: 0.6f, unclipRatio: 1.5f);
        var found = DbPostProcessor.FindRegions(map, Width, Height, 0.3f, 0.6f, 1.5f);

        Assert.NotNull(region);
        Assert.InRange(region.Value.Score, 0.85f, 0.9f);
        Assert.Equal(20, region.Value.Box.AngleDegrees, 0);
        Assert.Equal(region.Value.Box, Assert.Single(found).Box);
    }

    [Fact]
    public void Unclip_grows_a_rectangle_by_area_times_ratio_over_perimeter_on_every_side()
    {
        var box = RotatedBox.FromCorners(RotatedRectangle(50, 50, 40, 10, 25));
        var distance = 40 * 10 * 1.5 / (2 * (40 + 10)); // 6

        var grown = DbPostProcessor.Unclip(box, 1.5f);

        Assert.Equal(40 + (2 * distance), grown.Width, 2);
        Assert.Equal(10 + (2 * distance), grown.Height, 2);
        Assert.Equal(25, grown.AngleDegrees, 2);
        AssertNear(box.Center, grown.Center);
    }

    [Fact]
    public void The_offset_of_a_convex_polygon_has_the_area_of_its_minkowski_sum_with_a_disc()
    {
        SKPoint[] triangle = [new(0, 0), new(30, 0), new(0, 40)];
        const double D = 3;

        var offset = Polygon.OffsetConvex(triangle, D, arcSegments: 64);

        // Steiner: area + perimeter * d + pi * d^2.
        var expected = 600 + (120 * D) + (Math.PI * D * D);
        Assert.Equal(expected, Polygon.Area(offset), 0);
    }

    [Fact]
    public void A_perspective_crop_straightens_a_rotated_box()
    {
        // A 60x20 red bar on white, turned by 30 degrees; the crop of its box is red everywhere away from the edges.
        using var image = new SKBitmap(new SKImageInfo(200, 200, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(image))
        using (var red = new SKPaint { Color = SKColors.Red, IsAntialias = false })
        {
            canvas.Clear(SKColors.White);
            canvas.Translate(100, 100);
            canvas.RotateDegrees(30);
            canvas.DrawRect(-30, -10, 60, 20, red);
        }

        using var crop = RotatedCrop.Cut(image, RotatedBox.FromCorners(RotatedRectangle(100, 100, 60, 20, 30)));

        Assert.Equal((60, 20), (crop.Width, crop.Height));
        for (var y = 3; y < 17; y++)
        {
            for (var x = 3; x < 57; x++)
            {
                Assert.Equal(SKColors.Red, crop.GetPixel(x, y));
            }
        }
    }

    [Fact]
    public void A_crop_much_taller_than_wide_is_turned_counter_clockwise_and_180_degrees_reverses_both_axes()
    {
        // A 10 wide, 40 tall box whose top rows are blue: turned counter-clockwise, blue ends up on the left.
        using var image = new SKBitmap(new SKImageInfo(50, 50, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        using (var canvas = new SKCanvas(image))
        using (var blue = new SKPaint { Color = SKColors.Blue })
        {
            canvas.Clear(SKColors.White);
            canvas.DrawRect(10, 5, 10, 10, blue);
        }

        using var crop = RotatedCrop.Cut(image, RotatedBox.FromCorners([new(10, 5), new(20, 5), new(20, 45), new(10, 45)]));
        using var turned = RotatedCrop.Rotate180(crop);

        Assert.Equal((40, 10), (crop.Width, crop.Height));
        Assert.Equal(SKColors.Blue, crop.GetPixel(3, 5));
        Assert.Equal(SKColors.White, crop.GetPixel(36, 5));
        Assert.Equal(SKColors.Blue, turned.GetPixel(36, 5));
        Assert.Equal(SKColors.White, turned.GetPixel(3, 5));
    }

    private static bool Inside(SKPoint[] convex, float x, float y)
    {
        for (var i = 0; i < convex.Length; i++)
        {
            var a = convex[i];
            var b = convex[(i + 1) % convex.Length];
            if (((b.X - a.X) * (y - a.Y)) - ((b.Y - a.Y) * (x - a.X)) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
