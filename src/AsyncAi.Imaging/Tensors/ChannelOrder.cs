namespace AsyncAi.Imaging;

/// <summary>The order of the colour planes a model expects.</summary>
public enum ChannelOrder
{
    /// <summary>Red, green, blue (most PyTorch models).</summary>
    Rgb,

    /// <summary>Blue, green, red (models trained on OpenCV-decoded images, such as PaddleOCR's).</summary>
    Bgr,
}
