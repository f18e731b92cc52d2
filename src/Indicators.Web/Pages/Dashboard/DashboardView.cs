using Indicators.Accounts;
using Indicators.Geography;
using Indicators.Packs;
using Indicators.Periods;
using Indicators.Statistics;
using Indicators.Storage;

namespace Indicators.Web.Pages.Dashboard;

/// <summary>
/// What the dashboard shows for an account, a region, a quarter and a choice of indicators, read
/// once for the page and for its CSV, so that the CSV holds exactly <see cref="Rows"/>: each shown
/// indicator for the region as a whole and for each province with figures, that quarter.
/// </summary>
public sealed class DashboardView
{
    /// <summary>The indicator choice that shows every catalogue entry; none (empty) shows the key ones.</summary>
    public const string AllIndicators = "all";

    private DashboardView(Region region, IReadOnlyList<Region> regions, bool regionFixed, IReadOnlyList<string> quarters, string? quarter, string choice, IReadOnlyList<IndicatorDefinition> indicators)
    {
        Region = region;
        Regions = regions;
        RegionFixed = regionFixed;
        Quarters = quarters;
        Quarter = quarter;
        Choice = choice;
        Indicators = indicators;
    }

    public Region Region { get; }

    /// <summary>The regions the account may choose from.</summary>
    public IReadOnlyList<Region> Regions { get; }

    /// <summary>The account is bound to one region: no choice.</summary>
    public bool RegionFixed { get; }

    /// <summary>Quarters with figures for the region, newest first.</summary>
    public IReadOnlyList<string> Quarters { get; }

    /// <summary>The quarter shown (the newest by default); null when the region has no figures yet.</summary>
    public string? Quarter { get; }

    /// <summary>The indicator filter as asked: empty (key indicators), <see cref="AllIndicators"/>, or one indicator's id.</summary>
    public string Choice { get; }

    public IReadOnlyList<IndicatorDefinition> Indicators { get; }

    /// <summary>The catalogue's key indicators (those packs chart by province): the default choice.</summary>
    public static IReadOnlyList<IndicatorDefinition> KeyIndicators { get; } = new PackCharts().KeyIndicators;

    /// <summary>Whether the region has figures for the quarter shown.</summary>
    public bool HasFigures { get; private set; }

    /// <summary>The region's figures from up to eight quarters before the one shown (trend, change).</summary>
    public PackFigures Figures { get; private set; } = new([], string.Empty);

    /// <summary>The region's provinces with figures that quarter, in reference order.</summary>
    public IReadOnlyList<Province> Provinces { get; private set; } = [];

    /// <summary>The rows the page shows for the quarter: the CSV export writes exactly these.</summary>
    public IReadOnlyList<IndicatorValue> Rows { get; private set; } = [];

    /// <summary>Every region's figures and the national total for the quarter; only for accounts that see every region.</summary>
    public PackFigures? Comparison { get; private set; }

    /// <summary>The indicator charted by province: the one chosen, else the first key indicator shown.</summary>
    public IndicatorDefinition Focus => Indicators.FirstOrDefault(d => KeyIndicators.Contains(d)) ?? Indicators[0];

    /// <summary>The indicators drawn over time: the one chosen, else the key indicators (they share a unit).</summary>
    public IReadOnlyList<IndicatorDefinition> Trended => Indicators.Count == 1 ? Indicators : KeyIndicators;

    public string? PreviousQuarter => Quarter is null ? null : Periods.Quarter.Parse(Quarter).Previous.ToString();

    public IndicatorValue? Get(IndicatorDefinition def, GroupKey group) => Quarter is null ? null : Figures.Get(Quarter, Region.Code, def.Id, group);

    public IndicatorValue? Before(IndicatorDefinition def) => PreviousQuarter is null ? null : Figures.Get(PreviousQuarter, Region.Code, def.Id, GroupKey.All);

    /// <summary>
    /// Reads what the account asked for. Refusals: 404 for a region, quarter or indicator that does
    /// not exist, 403 for a region the account may not see.
    /// </summary>
    public static (DashboardView? View, int Status) Load(Database database, UserAccount account, string? region, string? quarter, string? indicator)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(account);
        var regions = RegionAccess.VisibleRegions(account);
        if (regions.Count == 0)
        {
            return (null, StatusCodes.Status403Forbidden);
        }

        var chosen = string.IsNullOrEmpty(region) ? RegionAccess.Find(account.RegionCode) ?? regions[0] : RegionAccess.Find(region);
        if (chosen is null)
        {
            return (null, StatusCodes.Status404NotFound);
        }

        if (!account.CanSee(chosen.Code))
        {
            return (null, StatusCodes.Status403Forbidden);
        }

        var choice = indicator?.Trim() ?? string.Empty;
        IReadOnlyList<IndicatorDefinition> indicators = choice switch
        {
            "" => KeyIndicators,
            AllIndicators => Catalogue.Default.Indicators,
            _ => Catalogue.Default.Indicators.Where(d => d.Id == choice).ToList(),
        };
        if (indicators.Count == 0)
        {
            return (null, StatusCodes.Status404NotFound);
        }

        string? asked = null;
        if (!string.IsNullOrEmpty(quarter))
        {
            if (!Periods.Quarter.TryParse(quarter, out var q))
            {
                return (null, StatusCodes.Status404NotFound);
            }

            asked = q.Value.ToString();
        }

        using var connection = database.Connect();
        var store = new IndicatorStore(connection);
        var quarters = store.Quarters(chosen.Code).Reverse().ToList();
        var view = new DashboardView(chosen, regions, regions.Count == 1, quarters, asked ?? quarters.FirstOrDefault(), choice, indicators);
        view.Read(store, RegionAccess.SeesEveryRegion(account));
        return (view, StatusCodes.Status200OK);
    }

    private void Read(IndicatorStore store, bool everyRegion)
    {
        if (Quarter is null || !Quarters.Contains(Quarter))
        {
            return;
        }

        var window = Quarters.Where(q => string.CompareOrdinal(q, Quarter) <= 0).Take(PackCharts.TrendQuarters);
        Figures = new PackFigures(window.SelectMany(q => store.Values(Region.Code, q)).ToList(), Quarter);
        HasFigures = true;
        Provinces = Region.Provinces.Where(p => Figures.Has(Quarter, Region.Code, GroupKey.All with { Province = p.Code })).ToList();
        var groups = Provinces.Select(p => GroupKey.All with { Province = p.Code }).Prepend(GroupKey.All).ToList();
        Rows = Indicators.SelectMany(d => groups.Select(g => Figures.Get(Quarter, Region.Code, d.Id, g))).OfType<IndicatorValue>().ToList();
        if (everyRegion)
        {
            Comparison = new PackFigures(store.Values(null, Quarter), Quarter);
        }
    }
}
