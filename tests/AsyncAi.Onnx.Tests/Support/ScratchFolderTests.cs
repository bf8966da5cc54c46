namespace AsyncAi.Onnx.Tests;

/// <summary>The base of a test class that writes models into a scratch folder of its own, deleted after its tests.</summary>
public abstract class ScratchFolderTests : IDisposable
{
    /// <summary>The folder, empty when the class's first test starts.</summary>
    protected string Folder { get; } = TestPaths.NewScratchFolder();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
