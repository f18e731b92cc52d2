using Indicators.Statistics;

namespace Indicators.Packs;

/// <summary>
/// Stored figures indexed by quarter, region, indicator and group, as a pack (and the portal's
/// dashboard) reads them; <see cref="Quarters"/> are those with figures up to the pack's quarter.
/// </summary>
public sealed class PackFigures
{
    private readonly Dictionary<(string Quarter, string Region, string Indicator, GroupKey Group), IndicatorValue> values = [];
    private readonly HashSet<(string Quarter, string Region, GroupKey Group)> groups = [];

    public PackFigures(IEnumerable<IndicatorValue> all, string upTo)
    {
        ArgumentNullException.ThrowIfNull(all);
        foreach (var v in all)
        {
            values[(v.Quarter, v.Region, v.Indicator, v.Group)] = v;
            groups.Add((v.Quarter, v.Region, v.Group));
        }

        Quarters = values.Keys.Select(k => k.Quarter).Distinct().Where(q => string.CompareOrdinal(q, upTo) <= 0).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>Quarters with figures, oldest first, none after the pack's quarter.</summary>
    public IReadOnlyList<string> Quarters { get; }

    public IndicatorValue? Get(string quarter, string region, string indicator, GroupKey group) =>
        values.GetValueOrDefault((quarter, region, indicator, group));

    /// <summary>Whether the group has figures (at least one row of that region and quarter fell in it).</summary>
    public bool Has(string quarter, string region, GroupKey group) => groups.Contains((quarter, region, group));
}
