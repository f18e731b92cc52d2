using System.Globalization;
using System.Text.Json;

namespace Indicators.Packs;

/// <summary>Every text of a pack in French, Arabic and English (templates/packs/texts.json).</summary>
public sealed class PackTexts
{
    private static readonly Lazy<PackTexts> DefaultInstance = new(() => Load(Path.Combine(TemplatePaths.Templates, "packs", "texts.json")));
    private readonly Dictionary<string, LocalizedText> texts;

    private PackTexts(Dictionary<string, LocalizedText> texts) => this.texts = texts;

    public static PackTexts Default => DefaultInstance.Value;

    public static PackTexts Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return new PackTexts(doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => Forms.FormLoader.Text(p.Value), StringComparer.Ordinal));
    }

    public string Get(string key, Lang lang, params object[] args)
    {
        var text = texts.TryGetValue(key, out var t) ? t[lang] : throw new KeyNotFoundException($"No pack text '{key}'.");
        return args.Length == 0 ? text : string.Format(CultureInfo.InvariantCulture, text, args);
    }
}
