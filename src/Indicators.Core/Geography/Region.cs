namespace Indicators.Geography;

/// <summary>A region, by its HCP code (`09`).</summary>
public sealed record Region(string Code, string Iso, string Slug, LocalizedText Name, long Population2024)
{
    public IReadOnlyList<Province> Provinces { get; init; } = [];
}

/// <summary>A province or prefecture, by its 3-digit HCP code (`163`).</summary>
public sealed record Province(string Code, string RegionCode, string Iso, string Kind, LocalizedText Name, long Population2024);

/// <summary>A country of ISO 3166-1.</summary>
public sealed record Country(string Alpha2, string Alpha3, string Numeric, LocalizedText Name, IReadOnlyList<string> Aliases);
