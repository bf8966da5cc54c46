namespace AsyncAi.Imaging;

/// <summary>
/// How pixels become model inputs: <c>(value / 255 - mean[c]) / std[c]</c> per channel, planes in
/// <see cref="Order"/>. The mean and standard deviation are given in the same channel order as the planes.
/// </summary>
public sealed record ImageNormalization
{
    /// <summary>Creates a normalisation.</summary>
    /// <param name="mean">The mean of each plane, in <paramref name="order"/>, on the 0-1 scale.</param>
    /// <param name="std">The standard deviation of each plane, in <paramref name="order"/>, on the 0-1 scale.</param>
    /// <param name="order">The plane order.</param>
    public ImageNormalization(IReadOnlyList<float> mean, IReadOnlyList<float> std, ChannelOrder order)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count != 3 || std.Count != 3)
        {
            throw new ArgumentException("Mean and standard deviation need one value per colour channel (3).");
        }

        if (std.Any(s => s <= 0))
        {
            throw new ArgumentException("Standard deviations must be positive.", nameof(std));
        }

        Mean = [.. mean];
        Std = [.. std];
        Order = order;
    }

    /// <summary>ImageNet statistics, planes in RGB order.</summary>
    public static ImageNormalization ImageNetRgb { get; } = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f], ChannelOrder.Rgb);

    /// <summary>
    /// ImageNet statistics applied to BGR planes in the same index order, as PaddleOCR does (it decodes with
    /// OpenCV into BGR and normalises with the RGB-ordered ImageNet values).
    /// </summary>
    public static ImageNormalization ImageNetOnBgr { get; } = new([0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f], ChannelOrder.Bgr);

    /// <summary>Scales to -1..1: <c>(value / 255 - 0.5) / 0.5</c>, planes in BGR order.</summary>
    public static ImageNormalization SymmetricBgr { get; } = new([0.5f, 0.5f, 0.5f], [0.5f, 0.5f, 0.5f], ChannelOrder.Bgr);

    /// <summary>The mean of each plane, on the 0-1 scale.</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>The standard deviation of each plane, on the 0-1 scale.</summary>
    public IReadOnlyList<float> Std { get; }

    /// <summary>The plane order.</summary>
    public ChannelOrder Order { get; }
}
