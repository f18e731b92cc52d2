namespace Indicators.Forms;

/// <summary>The words a yes/no cell accepts, from the form's <c>yesNo</c> section.</summary>
public sealed class YesNo
{
    private readonly Dictionary<string, bool> words = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool> exact = new(StringComparer.OrdinalIgnoreCase);

    public YesNo(IEnumerable<string> yes, IEnumerable<string> no, LocalizedText yesLabel, LocalizedText noLabel)
    {
        foreach (var w in yes)
        {
            words.TryAdd(TextKey.Of(w), true);
            exact.TryAdd(w, true);
        }

        foreach (var w in no)
        {
            words.TryAdd(TextKey.Of(w), false);
            exact.TryAdd(w, false);
        }

        YesLabel = yesLabel;
        NoLabel = noLabel;
    }

    public LocalizedText YesLabel { get; }

    public LocalizedText NoLabel { get; }

    public bool TryParse(string text, out bool value) => exact.TryGetValue(text, out value) || words.TryGetValue(TextKey.Of(text), out value);
}
