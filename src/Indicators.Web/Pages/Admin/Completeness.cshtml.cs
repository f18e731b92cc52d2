using Dapper;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Storage;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Admin;

/// <summary>
/// Which provinces have data: accepted rows of the active accepted submissions per region,
/// province and quarter, over <c>quarters</c> quarters up to <c>until</c> (default: the current
/// quarter, or the latest quarter with submissions if later). A province without rows is marked missing.
/// </summary>
public sealed class CompletenessModel(Database database, TimeProvider time) : PageModel
{
    public const int DefaultQuarters = 4;
    public const int MaxQuarters = 12;

    /// <summary>The submissions whose rows count: active and accepted (with or without row errors).</summary>
    private const string Active = "s.is_active = 1 AND s.status IN ('accepted', 'accepted_with_errors')";

    private Dictionary<(string Region, string Province, string Quarter), long> rows = [];

    [BindProperty(SupportsGet = true, Name = "quarters")]
    public int QuarterCount { get; set; } = DefaultQuarters;

    /// <summary>The last quarter shown (e.g. 2025Q3); empty: the current one.</summary>
    [BindProperty(SupportsGet = true, Name = "until")]
    public string? Until { get; set; }

    /// <summary>Quarters offered for <see cref="Until"/>: every quarter with submissions, and the current one, newest first.</summary>
    public IReadOnlyList<Quarter> Choices { get; private set; } = [];

    /// <summary>The columns, oldest first.</summary>
    public IReadOnlyList<Quarter> Quarters { get; private set; } = [];

    public IReadOnlyList<Region> Regions => Reference.Default.Regions;

    public void OnGet()
    {
        QuarterCount = Math.Clamp(QuarterCount, 1, MaxQuarters);
        using var connection = database.Connect();
        var latest = connection.ExecuteScalar<string?>(
            $"SELECT MAX(s.quarter) FROM submissions s WHERE {Active}");
        var current = Quarter.Of(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        var last = Quarter.TryParse(latest, out var q) && q.Value > current ? q.Value : current;
        Choices = connection.Query<string>("SELECT DISTINCT quarter FROM submissions")
            .Select(x => Quarter.TryParse(x, out var c) ? c : null)
            .OfType<Quarter>()
            .Append(last)
            .Distinct()
            .OrderDescending()
            .ToList();
        if (Quarter.TryParse(Until, out var until))
        {
            last = until.Value;
        }

        var quarters = new List<Quarter> { last };
        while (quarters.Count < QuarterCount)
        {
            quarters.Insert(0, quarters[0].Previous);
        }

        Quarters = quarters;
        rows = connection.Query<(string Region, string Province, string Quarter, long Rows)>(
            $"""
            SELECT s.region_code, r.province, s.quarter, COUNT(*)
            FROM submissions s JOIN responses r ON r.submission_id = s.id
            WHERE {Active} AND s.quarter >= @first AND s.quarter <= @last
            GROUP BY s.region_code, r.province, s.quarter
            """,
            new { first = quarters[0].ToString(), last = last.ToString() })
            .ToDictionary(x => (x.Region, x.Province, x.Quarter), x => x.Rows);
    }

    /// <summary>Accepted rows of a province in a quarter (0: missing).</summary>
    public long Rows(Province province, Quarter quarter) => rows.GetValueOrDefault((province.RegionCode, province.Code, quarter.ToString()));

    /// <summary>Accepted rows of a region in a quarter, all its provinces together.</summary>
    public long Rows(Region region, Quarter quarter) => region.Provinces.Sum(p => Rows(p, quarter));

}
