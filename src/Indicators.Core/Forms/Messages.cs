using System.Text;
using System.Text.Json;

namespace Indicators.Forms;

/// <summary>Error and warning texts in French, Arabic and English, from templates/forms/messages.json.</summary>
public sealed class Messages
{
    private static readonly Lazy<Messages> DefaultInstance = new(() => Load(Path.Combine(TemplatePaths.Forms, "messages.json")));

    private readonly Dictionary<string, LocalizedText> texts;

    private Messages(Dictionary<string, LocalizedText> texts) => this.texts = texts;

    public static Messages Default => DefaultInstance.Value;

    public static Messages Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var texts = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        foreach (var section in doc.RootElement.EnumerateObject())
        {
            foreach (var entry in section.Value.EnumerateObject())
            {
                var e = entry.Value;
                texts[section.Name + "." + entry.Name] = new LocalizedText(
                    e.GetProperty("fr").GetString()!, e.GetProperty("ar").GetString()!, e.GetProperty("en").GetString()!);
            }
        }

        return new Messages(texts);
    }

    public LocalizedText Get(string key) =>
        texts.TryGetValue(key, out var t) ? t : throw new KeyNotFoundException($"No message '{key}' in messages.json.");

    public bool Has(string key) => texts.ContainsKey(key);

    /// <summary>Fills <c>{name}</c> placeholders; each argument is itself a text in three languages.</summary>
    public static LocalizedText Format(LocalizedText template, IReadOnlyDictionary<string, LocalizedText> args) =>
        new(Fill(template.Fr, args, Lang.Fr), Fill(template.Ar, args, Lang.Ar), Fill(template.En, args, Lang.En));

    /// <summary>
    /// A value with Latin letters, or digits with separators (15/07/2025, 2025Q3), is reordered by
    /// the bidi algorithm inside Arabic text unless isolated (LRI … PDI). Pure numbers and Arabic text are not.
    /// </summary>
    private static bool NeedsIsolation(string text)
    {
        var arabic = false;
        var latin = false;
        var digitsWithSeparators = false;
        var digits = false;
        foreach (var c in text)
        {
            if (c is >= '\u0600' and <= '\u06FF')
            {
                arabic = true;
            }
            else if (char.IsAsciiLetter(c))
            {
                latin = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits = true;
            }
            else if (c is '/' or '-' or ':' or '.' or ',')
            {
                digitsWithSeparators = true;
            }
        }

        return !arabic && (latin || (digits && digitsWithSeparators));
    }

    private static string Fill(string template, IReadOnlyDictionary<string, LocalizedText> args, Lang lang)
    {
        var sb = new StringBuilder(template.Length + 32);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            sb.Append(template, i, open - i);
            var name = template[(open + 1)..close];
            if (args.TryGetValue(name, out var value))
            {
                var text = value[lang];
                sb.Append(lang == Lang.Ar && NeedsIsolation(text) ? "\u2066" + text + "\u2069" : text);
            }
            else
            {
                sb.Append(template, open, close - open + 1);
            }

            i = close + 1;
        }

        return sb.ToString();
    }
}
