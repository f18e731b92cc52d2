using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace Indicators.Web.Portal;

/// <summary>
/// The portal's words in French, Arabic and English: every embedded <c>Texts/*.json</c> file, a
/// map of key to <c>{ "fr": ..., "ar": ..., "en": ... }</c>. A key missing in a language falls back
/// to French; a key missing altogether shows as itself, so a test can find it.
/// </summary>
public sealed class Texts
{
    private readonly Dictionary<string, LocalizedText> entries = new(StringComparer.Ordinal);

    public Texts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(".Texts.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var file = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(stream)!;
            foreach (var (key, byLang) in file)
            {
                if (!entries.TryAdd(key, new(byLang.GetValueOrDefault("fr", key), byLang.GetValueOrDefault("ar") ?? byLang.GetValueOrDefault("fr", key), byLang.GetValueOrDefault("en") ?? byLang.GetValueOrDefault("fr", key))))
                {
                    throw new InvalidOperationException($"Text key '{key}' is defined twice ({name}).");
                }
            }
        }
    }

    public IReadOnlyCollection<string> Keys => entries.Keys;

    public string Get(string key, Lang lang) => entries.TryGetValue(key, out var text) ? text[lang] : key;

    public bool Has(string key) => entries.ContainsKey(key);
}

/// <summary>The language of the current request, its culture for numbers and dates, and its words.</summary>
public sealed class PageText(Texts texts)
{
    public Lang Lang { get; set; } = Lang.Fr;

    public string Code => Lang switch
    {
        Lang.Ar => "ar",
        Lang.En => "en",
        _ => "fr",
    };

    public bool RightToLeft => Lang == Lang.Ar;

    public string Dir => RightToLeft ? "rtl" : "ltr";

    public CultureInfo Culture => CultureOf(Lang);

    public string this[string key] => texts.Get(key, Lang);

    /// <summary>The text of <paramref name="key"/> with its <c>{0}</c>, <c>{1}</c>... filled in this language's culture.</summary>
    public string Format(string key, params object?[] args) => string.Format(Culture, texts.Get(key, Lang), args);

    /// <summary>A localized text of the Core (region names, indicator names, messages) in this language.</summary>
    public string Of(LocalizedText text) => text[Lang];

    public string Number(double? value, int decimals = 0) => value is { } v ? v.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture) : "—";

    public string Number(long value) => value.ToString("N0", Culture);

    /// <summary>A stored UTC timestamp (ISO 8601) as local date and time in this language.</summary>
    public string DateTime(string? iso)
    {
        if (iso is null || !DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return "—";
        }

        return t.ToLocalTime().ToString("g", Culture);
    }

    public static CultureInfo CultureOf(Lang lang) => lang switch
    {
        // Morocco writes Western digits in both languages; ar-MA and fr-MA say so.
        Lang.Ar => CultureInfo.GetCultureInfo("ar-MA"),
        Lang.En => CultureInfo.GetCultureInfo("en-GB"),
        _ => CultureInfo.GetCultureInfo("fr-MA"),
    };
}
