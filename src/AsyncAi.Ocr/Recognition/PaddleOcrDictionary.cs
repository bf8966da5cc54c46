namespace AsyncAi.Ocr;

/// <summary>The dictionary file, read once on first use; a missing or empty file fails the OCR jobs as <c>model_failed</c>.</summary>
internal sealed class PaddleOcrDictionary(string path)
{
    private readonly Lazy<CharacterDictionary> _dictionary = new(() => CharacterDictionary.Load(path));

    public CharacterDictionary Get()
    {
        try
        {
            return _dictionary.Value;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new NonRetryableJobException(JobErrorCodes.ModelFailed, $"The OCR character dictionary '{path}' cannot be read: {ex.Message}", ex);
        }
    }
}
