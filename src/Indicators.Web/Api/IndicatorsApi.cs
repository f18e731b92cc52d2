using System.Text.Json.Serialization;
using Indicators.Periods;
using Indicators.Statistics;
using Indicators.Storage;
using Indicators.Web.Pages.Dashboard;
using Indicators.Web.Portal;

namespace Indicators.Web.Api;

/// <summary>
/// The indicators for scripts, by API token only: <c>GET /api/indicators</c> (filters region,
/// quarter, indicator; <c>format=csv</c>, the default, is the spec's export byte for byte,
/// <c>format=json</c> the same rows as objects named after the CSV columns) and
/// <c>GET /api/indicators/quarters</c>. An account sees the regions it may see, and the national
/// total (<c>_T</c>) only when it sees every region: another region is refused with 403.
/// </summary>
public static class IndicatorsApi
{
    public static IEndpointRouteBuilder MapIndicatorsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/indicators").RequireAuthorization("api");
        api.MapGet("/", List);
        api.MapGet("/quarters", Quarters);
        return app;
    }

    private static IResult List(Database database, CurrentUser me, PageText t, string? region, string? quarter, string? indicator, string? format)
    {
        var account = me.Required;
        var csv = format is null || format.Equals("csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !format!.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(t, "api.ind.format");
        }

        string? q = null;
        if (!string.IsNullOrEmpty(quarter))
        {
            if (!Quarter.TryParse(quarter, out var parsed))
            {
                return Problem(t, "api.ind.quarter");
            }

            q = parsed.Value.ToString();
        }

        if (!string.IsNullOrEmpty(indicator) && !Catalogue.Default.Indicators.Any(d => d.Id == indicator))
        {
            return Problem(t, "api.ind.indicator");
        }

        if (Keys(account, region) is not { } keys)
        {
            return RegionRefusal(region);
        }

        using var connection = database.Connect();
        var store = new IndicatorStore(connection);
        var values = keys.SelectMany(k => store.Values(k, q, NullIfEmpty(indicator))).ToList();
        if (csv)
        {
            using var buffer = new MemoryStream();
            IndicatorCsv.Write(values, buffer);
            return TypedResults.Bytes(buffer.ToArray(), "text/csv; charset=utf-8");
        }

        return TypedResults.Json(Rows(values));
    }

    private static IResult Quarters(Database database, CurrentUser me, string? region)
    {
        if (Keys(me.Required, region) is not { } keys)
        {
            return RegionRefusal(region);
        }

        using var connection = database.Connect();
        var store = new IndicatorStore(connection);
        var quarters = keys.SelectMany(store.Quarters).Distinct().Order(StringComparer.Ordinal).ToList();
        return TypedResults.Json(quarters);
    }

    /// <summary>
    /// The region keys to read, each an HCP code or _T, or a single null for every key (an account
    /// that sees every region and asked for none); null when refused (an unknown region or one the
    /// account may not see).
    /// </summary>
    private static List<string?>? Keys(Accounts.UserAccount account, string? region)
    {
        if (string.IsNullOrEmpty(region))
        {
            return RegionAccess.SeesEveryRegion(account) ? [null] : RegionAccess.VisibleRegions(account).Select(r => (string?)r.Code).ToList();
        }

        var known = region == Dim.Total || RegionAccess.Find(region) is not null;
        return known && RegionAccess.CanSeeKey(account, region) ? [region] : null;
    }

    private static IResult RegionRefusal(string? region) =>
        region != Dim.Total && RegionAccess.Find(region) is null ? TypedResults.NotFound() : TypedResults.StatusCode(StatusCodes.Status403Forbidden);

    private static IResult Problem(PageText t, string key) => TypedResults.BadRequest(new { error = t[key] });

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    /// <summary>The CSV's rows as objects: the same rows (sex × age left out), the same order, the same blanks (null).</summary>
    private static List<IndicatorRow> Rows(IEnumerable<IndicatorValue> values) => values
        .Where(v => !v.Group.IsSexByAge)
        .Select(v => new IndicatorRow(v))
        .OrderBy(r => r.Indicator, StringComparer.Ordinal)
        .ThenBy(r => r.Region, StringComparer.Ordinal)
        .ThenBy(r => r.Quarter, StringComparer.Ordinal)
        .ThenBy(r => r.Province, StringComparer.Ordinal)
        .ThenBy(r => r.Sex, StringComparer.Ordinal)
        .ThenBy(r => r.AgeGroup, StringComparer.Ordinal)
        .ThenBy(r => r.Category, StringComparer.Ordinal)
        .ToList();
}

/// <summary>One row of the indicators export as JSON, its fields named as the CSV's columns; a suppressed (x) row has no value, SE, interval, CV or weighted n.</summary>
internal sealed record IndicatorRow
{
    public IndicatorRow(IndicatorValue v)
    {
        var shown = v.Flag != "x";
        (Indicator, Region, Quarter) = (v.Indicator, v.Region, v.Quarter);
        (Province, Sex, AgeGroup, Category) = (v.Group.Province, v.Group.Sex, v.Group.AgeGroup, v.Group.Category);
        ObsValue = shown ? v.Value : null;
        Se = shown ? v.Se : null;
        CiLow = shown ? v.CiLow : null;
        CiHigh = shown ? v.CiHigh : null;
        Cv = shown ? v.Cv : null;
        N = v.N;
        NWeighted = shown ? v.NWeighted : null;
        Missing = v.Missing;
        ObsFlag = v.Flag;
    }

    [JsonPropertyName("INDICATOR")] public string Indicator { get; }
    [JsonPropertyName("REGION")] public string Region { get; }
    [JsonPropertyName("QUARTER")] public string Quarter { get; }
    [JsonPropertyName("PROVINCE")] public string Province { get; }
    [JsonPropertyName("SEX")] public string Sex { get; }
    [JsonPropertyName("AGE_GROUP")] public string AgeGroup { get; }
    [JsonPropertyName("CATEGORY")] public string Category { get; }
    [JsonPropertyName("OBS_VALUE")] public double? ObsValue { get; }
    [JsonPropertyName("SE")] public double? Se { get; }
    [JsonPropertyName("CI_LOW")] public double? CiLow { get; }
    [JsonPropertyName("CI_HIGH")] public double? CiHigh { get; }
    [JsonPropertyName("CV")] public double? Cv { get; }
    [JsonPropertyName("N")] public long N { get; }
    [JsonPropertyName("N_WEIGHTED")] public double? NWeighted { get; }
    [JsonPropertyName("MISSING")] public long Missing { get; }
    [JsonPropertyName("OBS_FLAG")] public string? ObsFlag { get; }
}
