namespace AsyncAi.Ocr;

/// <summary>
/// The recognition model's classes: 0 is the CTC blank, 1..N the dictionary's characters in file order, and N+1 a
/// space (PaddleOCR's <c>use_space_char</c>).
/// </summary>
internal sealed class CharacterDictionary
{
    private readonly string[] _characters;

    private CharacterDictionary(string[] characters) => _characters = characters;

    /// <summary>How many classes the model must output: blank + characters + space.</summary>
    public int ClassCount => _characters.Length + 2;

    public static CharacterDictionary Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var characters = lines.Length > 0 && lines[^1].Length == 0 ? lines[..^1] : lines;
        if (characters.Length == 0)
        {
            throw new InvalidDataException($"The character dictionary '{path}' is empty.");
        }

        return new CharacterDictionary(characters);
    }

    public static CharacterDictionary FromCharacters(IEnumerable<string> characters) => new([.. characters]);

    /// <summary>The text of a class; empty for the blank.</summary>
    public string this[int classIndex] => classIndex switch
    {
        0 => string.Empty,
        _ when classIndex <= _characters.Length => _characters[classIndex - 1],
        _ when classIndex == _characters.Length + 1 => " ",
        _ => throw new ArgumentOutOfRangeException(nameof(classIndex), classIndex, $"The dictionary has {ClassCount} classes."),
    };
}
