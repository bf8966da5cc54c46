using System.Globalization;

namespace AsyncAi;

/// <summary>
/// The errors an options validator found, each in the one style every AsyncAi validator reports:
/// <c>{configuration path} = {value}: {rule}</c>, for example
/// <c>AsyncAi:Worker:Concurrency = 0: must be between 1 and 10000</c>. A reader sees which key to fix, what it
/// holds and what it must hold, whichever package's options it is. Validators of a handler's own options can use it
/// to report in the same style.
/// </summary>
/// <remarks>Secrets are never written: <see cref="AddHidden"/> names the setting and the rule only.</remarks>
public sealed class OptionErrors
{
    private readonly List<string> _messages;
    private readonly string _prefix;

    /// <summary>Collects errors of settings under a configuration section.</summary>
    /// <param name="sectionPath">The section the options are bound from (for example <c>AsyncAi:Worker</c>); empty or <see langword="null"/> for none.</param>
    public OptionErrors(string? sectionPath)
        : this([], string.IsNullOrEmpty(sectionPath) ? string.Empty : sectionPath + ":")
    {
    }

    private OptionErrors(List<string> messages, string prefix)
    {
        _messages = messages;
        _prefix = prefix;
    }

    /// <summary>The errors found so far, of this section and of every section made with <see cref="Section"/>.</summary>
    public IReadOnlyList<string> Messages => _messages;

    /// <summary>Whether no error was found.</summary>
    public bool IsEmpty => _messages.Count == 0;

    /// <summary>The errors of a nested section (<c>Webhook</c>, <c>Jobs</c>, an item <c>Secrets:0</c>), kept in the same list.</summary>
    /// <param name="name">The nested section's name.</param>
    public OptionErrors Section(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new OptionErrors(_messages, _prefix + name + ":");
    }

    /// <summary>The configuration path of a setting of this section.</summary>
    /// <param name="setting">The setting's name.</param>
    public string PathOf(string setting) => _prefix + setting;

    /// <summary>Adds an error: the setting's path, the value it holds and the rule it breaks.</summary>
    /// <param name="setting">The setting's name within this section.</param>
    /// <param name="value">The value it holds (written with <see cref="Format"/>).</param>
    /// <param name="rule">What it must be, starting in lower case (for example <c>must be positive</c>).</param>
    public void Add(string setting, object? value, string rule) =>
        _messages.Add($"{_prefix}{setting} = {Format(value)}: {rule}");

    /// <summary>Adds an error about a secret, whose value is never written.</summary>
    /// <param name="setting">The setting's name within this section.</param>
    /// <param name="rule">What it must be.</param>
    public void AddHidden(string setting, string rule) => _messages.Add($"{_prefix}{setting} = (hidden): {rule}");

    /// <summary>Adds an error unless <paramref name="value"/> lies between <paramref name="min"/> and <paramref name="max"/>, both included.</summary>
    /// <typeparam name="T">A number or a duration.</typeparam>
    /// <param name="setting">The setting's name within this section.</param>
    /// <param name="value">Its value.</param>
    /// <param name="min">The smallest value allowed.</param>
    /// <param name="max">The largest value allowed.</param>
    /// <param name="why">Why the bounds are what they are, or <see langword="null"/>.</param>
    /// <returns>Whether the value is inside the bounds.</returns>
    public bool Range<T>(string setting, T value, T min, T max, string? why = null)
        where T : IComparable<T>
    {
        if (value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0)
        {
            return true;
        }

        Add(setting, value, $"must be between {Format(min)} and {Format(max)}{(why is null ? string.Empty : " (" + why + ")")}");
        return false;
    }

    /// <summary>How a value is written in a message: text in quotes, numbers and durations invariantly, a missing value as <c>(not set)</c>.</summary>
    /// <param name="value">The value.</param>
    public static string Format(object? value) => value switch
    {
        null => "(not set)",
        string text => $"'{text}'",
        Uri url => $"'{url}'",
        TimeSpan duration => duration.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "(not set)",
    };
}
