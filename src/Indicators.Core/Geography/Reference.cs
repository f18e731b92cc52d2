using System.Globalization;
using Indicators.Forms;
using Indicators.Sheets;

namespace Indicators.Geography;

/// <summary>Regions, provinces and countries, loaded from templates/reference.</summary>
public sealed class Reference
{
    private static readonly Lazy<Reference> DefaultInstance = new(() => Load(TemplatePaths.Reference));

    private readonly Dictionary<string, Region> regionsByKey;
    private readonly Dictionary<string, Country> countriesByKey;
    private readonly Dictionary<string, Country> countriesExact = new(StringComparer.OrdinalIgnoreCase);

    private Reference(IReadOnlyList<Region> regions, IReadOnlyList<Country> countries)
    {
        Regions = regions;
        Countries = countries;
        regionsByKey = new Dictionary<string, Region>(StringComparer.Ordinal);
        foreach (var r in regions)
        {
            foreach (var key in new[] { r.Code, r.Iso, r.Slug, r.Name.Fr, r.Name.Ar, r.Name.En, int.Parse(r.Code, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) })
            {
                regionsByKey.TryAdd(TextKey.Of(key), r);
            }

            // "جهة سوس ماسة" is also written without "جهة" (region).
            regionsByKey.TryAdd(TextKey.Of(r.Name.Ar.Replace("جهة ", string.Empty, StringComparison.Ordinal)), r);
        }

        countriesByKey = new Dictionary<string, Country>(StringComparer.Ordinal);
        foreach (var c in countries)
        {
            foreach (var key in new[] { c.Alpha3, c.Alpha2, c.Name.En, c.Name.Fr, c.Name.Ar }.Concat(c.Aliases))
            {
                if (!string.IsNullOrWhiteSpace(key))
                {
                    countriesByKey.TryAdd(TextKey.Of(key), c);
                    countriesExact.TryAdd(key, c);
                }
            }
        }
    }

    public static Reference Default => DefaultInstance.Value;

    public IReadOnlyList<Region> Regions { get; }

    public IReadOnlyList<Country> Countries { get; }

    public static Reference Load(string folder)
    {
        var provinces = CsvText.ReadRecords(Path.Combine(folder, "provinces.csv")).Skip(1)
            .Select(f => new Province(f[0], f[1], f[2], f[3], new LocalizedText(f[4], f[5], f[4]), ParseLong(f[6])))
            .ToList();
        var regions = CsvText.ReadRecords(Path.Combine(folder, "regions.csv")).Skip(1)
            .Select(f => new Region(f[0], f[1], f[2], new LocalizedText(f[3], f[4], f[5]), ParseLong(f[6]))
            {
                Provinces = provinces.Where(p => p.RegionCode == f[0]).OrderBy(p => p.Code, StringComparer.Ordinal).ToList(),
            })
            .ToList();
        var countries = CsvText.ReadRecords(Path.Combine(folder, "countries.csv")).Skip(1)
            .Select(f => new Country(f[0], f[1], f[2],
                new LocalizedText(Or(f[4], f[3]), Or(f[5], f[3]), f[3]),
                f[6].Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .ToList();
        return new Reference(regions, countries);
    }

    public Region? FindRegion(string? text) =>
        text is not null && regionsByKey.TryGetValue(TextKey.Of(text), out var r) ? r : null;

    public Region GetRegion(string code) =>
        FindRegion(code) ?? throw new ArgumentException($"Unknown region '{code}'.");

    public Country? FindCountry(string text) =>
        countriesExact.TryGetValue(text, out var c) || countriesByKey.TryGetValue(TextKey.Of(text), out c) ? c : null;

    private static long ParseLong(string s) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static string Or(string value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value;
}
