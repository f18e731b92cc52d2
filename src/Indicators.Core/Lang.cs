namespace Indicators;

/// <summary>The languages the product speaks. French and Arabic for users, English for logs.</summary>
public enum Lang
{
    Fr,
    Ar,
    En,
}

/// <summary>A text in the three languages.</summary>
public sealed record LocalizedText(string Fr, string Ar, string En)
{
    public string this[Lang lang] => lang switch
    {
        Lang.Ar => Ar,
        Lang.En => En,
        _ => Fr,
    };

    public static Lang ParseLang(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "fr" => Lang.Fr,
        "ar" => Lang.Ar,
        "en" => Lang.En,
        _ => throw new ArgumentException($"Unknown language '{value}': use fr, ar or en."),
    };
}
