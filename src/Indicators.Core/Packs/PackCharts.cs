using System.Globalization;
using Indicators.Statistics;

namespace Indicators.Packs;

/// <summary>
/// The charts of a pack, built from stored figures: a key indicator by province, the key
/// indicators over up to eight quarters, the population pyramid, and the regions compared. The
/// pack and the portal's dashboard draw the same charts from here, in the language asked for.
/// </summary>
public sealed class PackCharts(Catalogue? catalogue = null, PackTexts? texts = null)
{
    /// <summary>How many quarters a trend shows at most (the pack's quarter and those before it).</summary>
    public const int TrendQuarters = 8;

    private const string Population = "POPULATION_W";
    private readonly Catalogue catalogue = catalogue ?? Catalogue.Default;
    private readonly PackTexts texts = texts ?? PackTexts.Default;

    /// <summary>The catalogue's key indicators: those it charts by province, in catalogue order.</summary>
    public IReadOnlyList<IndicatorDefinition> KeyIndicators => catalogue.Indicators.Where(d => d.Chart == IndicatorChart.Province).ToList();

    /// <summary>One indicator across a region's provinces (those given, in that order).</summary>
    public ChartSpec ByProvince(PackFigures data, string quarter, string regionKey, IndicatorDefinition def, IReadOnlyList<(string Name, string Code)> provinces, string place, Lang lang)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(def);
        ArgumentNullException.ThrowIfNull(provinces);
        var values = provinces.Select(p => data.Get(quarter, regionKey, def.Id, GroupKey.All with { Province = p.Code })).ToList();
        return new ChartSpec
        {
            Kind = ChartKind.Bar,
            Title = T("byProvinceTitle", lang, def.Name[lang]),
            Subtitle = $"{place} — {QuarterLabel(quarter, lang)}",
            Categories = provinces.Select(p => p.Name).ToList(),
            Series = [Series(def.Name[lang], values)],
            Format = Format(def),
            RightToLeft = lang == Lang.Ar,
            Footnote = T("legend", lang),
        };
    }

    /// <summary>The weighted population by sex and age group, men on the left.</summary>
    public ChartSpec Pyramid(PackFigures data, string quarter, string regionKey, string place, Lang lang)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new ChartSpec
        {
            Kind = ChartKind.Pyramid,
            Title = T("pyramidTitle", lang),
            Subtitle = $"{place} — {QuarterLabel(quarter, lang)}",
            Categories = catalogue.AgeGroups.Select(g => AgeLabel(g.Code, lang)).ToList(),
            Series =
            [
                Series(T("men", lang), PyramidValues(data, quarter, regionKey, "M")),
                Series(T("women", lang), PyramidValues(data, quarter, regionKey, "F")),
            ],
            Format = ValueFormat.Number,
            RightToLeft = lang == Lang.Ar,
            Footnote = T("legend", lang),
        };
    }

    /// <summary>The population of one sex in each age group, youngest first (the pyramid's bars).</summary>
    public IReadOnlyList<IndicatorValue?> PyramidValues(PackFigures data, string quarter, string regionKey, string sex)
    {
        ArgumentNullException.ThrowIfNull(data);
        return catalogue.AgeGroups.Select(g => data.Get(quarter, regionKey, Population, new GroupKey(Dim.Total, sex, g.Code, Dim.Total))).ToList();
    }

    /// <summary>The quarters a trend up to <paramref name="quarter"/> shows: at most <see cref="TrendQuarters"/>, oldest first.</summary>
    public static IReadOnlyList<string> TrendQuartersUpTo(PackFigures data, string quarter)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Quarters.Where(q => string.CompareOrdinal(q, quarter) <= 0).TakeLast(TrendQuarters).ToList();
    }

    /// <summary>Indicators of one place over the quarters, a line each: the key indicators' trend, or one indicator's.</summary>
    public ChartSpec Trend(PackFigures data, IReadOnlyList<string> quarters, string regionKey, IReadOnlyList<IndicatorDefinition> indicators, string place, Lang lang)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(quarters);
        ArgumentNullException.ThrowIfNull(indicators);
        return new ChartSpec
        {
            Kind = ChartKind.Line,
            Title = indicators.Count == 1 ? indicators[0].Name[lang] : T("trendTitle", lang),
            Subtitle = place,
            Categories = quarters.Select(q => QuarterLabel(q, lang)).ToList(),
            Series = indicators.Select(k => Series(k.Name[lang], quarters.Select(q => data.Get(q, regionKey, k.Id, GroupKey.All)))).ToList(),
            Format = indicators.All(d => d.IsPercent) ? ValueFormat.Percent : Format(indicators[0]),
            RightToLeft = lang == Lang.Ar,
            Footnote = T("legend", lang),
        };
    }

    /// <summary>One indicator over the quarters, a line per place (the national pack's trends).</summary>
    public ChartSpec TrendByRegion(PackFigures data, IReadOnlyList<string> quarters, IndicatorDefinition def, IReadOnlyList<(string Name, string Code)> places, string place, Lang lang)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(quarters);
        ArgumentNullException.ThrowIfNull(def);
        ArgumentNullException.ThrowIfNull(places);
        return new ChartSpec
        {
            Kind = ChartKind.Line,
            Title = T("nationalTrendTitle", lang, def.Name[lang]),
            Subtitle = place,
            Categories = quarters.Select(q => QuarterLabel(q, lang)).ToList(),
            Series = places.Select(p => Series(p.Name, quarters.Select(q => data.Get(q, p.Code, def.Id, GroupKey.All)))).ToList(),
            Format = Format(def),
            RightToLeft = lang == Lang.Ar,
        };
    }

    /// <summary>The key indicators side by side, a bar series per region.</summary>
    public ChartSpec ByRegion(PackFigures data, string quarter, IReadOnlyList<(string Name, string Code)> regions, Lang lang)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(regions);
        var keys = KeyIndicators;
        return new ChartSpec
        {
            Kind = ChartKind.Bar,
            Title = T("byRegionTitle", lang),
            Subtitle = QuarterLabel(quarter, lang),
            Categories = keys.Select(d => d.Name[lang]).ToList(),
            Series = regions.Select(r => Series(r.Name, keys.Select(d => data.Get(quarter, r.Code, d.Id, GroupKey.All)))).ToList(),
            Format = ValueFormat.Percent,
            RightToLeft = lang == Lang.Ar,
            Footnote = T("legend", lang),
        };
    }

    /// <summary>A chart series of published values (none where suppressed) with their flags.</summary>
    public static ChartSeries Series(string name, IEnumerable<IndicatorValue?> values)
    {
        var list = values.ToList();
        return new ChartSeries(name, list.Select(Shown).ToList(), list.Select(v => v?.Flag).ToList());
    }

    /// <summary>The published value: none when suppressed or not computed.</summary>
    public static double? Shown(IndicatorValue? v) => v is null || v.Flag == "x" ? null : v.Value;

    /// <summary>How an indicator's values read: percentages, whole numbers (counts, totals) or one decimal.</summary>
    public static ValueFormat Format(IndicatorDefinition def)
    {
        ArgumentNullException.ThrowIfNull(def);
        return def.IsPercent ? ValueFormat.Percent : def.Kind is IndicatorKind.Count or IndicatorKind.Total ? ValueFormat.Number : ValueFormat.Decimal;
    }

    /// <summary>A quarter as packs write it: <c>T3 2025</c>, <c>Q3 2025</c>, <c>الفصل 3 من 2025</c>.</summary>
    public static string QuarterLabel(string quarter, Lang lang)
    {
        var q = Periods.Quarter.Parse(quarter);
        return lang switch
        {
            Lang.Ar => string.Create(CultureInfo.InvariantCulture, $"الفصل {q.Number} من {q.Year}"),
            Lang.En => string.Create(CultureInfo.InvariantCulture, $"Q{q.Number} {q.Year}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"T{q.Number} {q.Year}"),
        };
    }

    /// <summary>An age group with its unit (<c>15-24 ans</c>).</summary>
    public string AgeLabel(string code, Lang lang) => $"{code} {T("years", lang)}";

    private string T(string key, Lang lang, params object[] args) => texts.Get(key, lang, args);
}
