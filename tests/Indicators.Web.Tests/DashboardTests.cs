using System.Globalization;
using System.Net;
using Indicators.Accounts;
using Indicators.Packs;
using Indicators.Statistics;

namespace Indicators.Web.Tests;

/// <summary>The planners' dashboard and its CSV: values, flags and charts, who sees which region, the export's rows.</summary>
public class DashboardTests(IndicatorsPortal portal) : IClassFixture<IndicatorsPortal>
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-MA");

    [Fact]
    public async Task Accounts_that_see_every_region_get_values_flags_charts_and_the_comparison()
    {
        foreach (var user in new[] { portal.AddUser(Roles.Planner), portal.AddUser(Roles.Admin) })
        {
            var client = await portal.SignIn(user);
            var response = await client.GetAsync("/dashboard?region=09&quarter=2025Q3");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

            var shown = portal.ShownRows("09", "2025Q3", KeyIds);
            foreach (var def in new PackCharts().KeyIndicators)
            {
                var total = shown.Single(v => v.Indicator == def.Id && v.Group == GroupKey.All);
                Assert.Contains(def.Name.Fr, html, StringComparison.Ordinal);
                Assert.Contains((total.Value!.Value * 100).ToString("N1", French) + "\u00a0%", html, StringComparison.Ordinal);
            }

            // The seeded provinces are small enough for both flags; each shows as its badge.
            Assert.Contains(shown, v => v.Flag == "x");
            Assert.Contains(shown, v => v.Flag == "u");
            Assert.Contains("<span class=\"flag flag-x\"", html, StringComparison.Ordinal);
            Assert.Contains("<span class=\"flag flag-u\"", html, StringComparison.Ordinal);
            Assert.Contains("depuis T2 2025", html, StringComparison.Ordinal);

            // By province, trend, pyramid, and the regions compared: server-drawn SVG.
            Assert.Equal(4, CountOf(html, "<svg role=\"img\""));
            Assert.Contains("Évolution des indicateurs clés", html, StringComparison.Ordinal);
            Assert.Contains("Pyramide des âges", html, StringComparison.Ordinal);
            Assert.Contains("class=\"dash-compare\"", html, StringComparison.Ordinal);
            var oriental = portal.Values("02", "2025Q3").Single(v => v.Indicator == "EMPLOYMENT_RATE" && v.Group == GroupKey.All);
            Assert.Contains((oriental.Value!.Value * 100).ToString("N1", French) + "\u00a0%", html, StringComparison.Ordinal);
            foreach (var code in new[] { "02", "05", "09" })
            {
                Assert.Contains($"<option value=\"{code}\"", html, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task One_region_accounts_see_only_their_region()
    {
        foreach (var user in new[] { portal.AddUser(Roles.Planner, "09"), portal.AddUser(Roles.Observatory, "09") })
        {
            var client = await portal.SignIn(user);
            var html = await client.GetStringAsync("/dashboard");
            Assert.Contains("<input type=\"hidden\" name=\"region\" value=\"09\">", html, StringComparison.Ordinal);
            Assert.DoesNotContain("<select id=\"region\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("dash-compare", html, StringComparison.Ordinal);
            Assert.DoesNotContain("Indicateurs clés par région", html, StringComparison.Ordinal);
            Assert.Equal(3, CountOf(html, "<svg role=\"img\""));

            foreach (var url in new[] { "/dashboard?region=05", "/dashboard/csv?region=05&quarter=2025Q3", "/dashboard?region=02&quarter=2025Q3&indicator=all", "/dashboard/csv?region=_T" })
            {
                var refused = await client.GetAsync(url);
                Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, $"{url}: {refused.StatusCode}");
                Assert.DoesNotContain("text/csv", refused.Content.Headers.ContentType?.ToString() ?? "", StringComparison.Ordinal);
            }

            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/dashboard?region=05")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/dashboard/csv?region=05&quarter=2025Q3")).StatusCode);
        }
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var client = portal.Anonymous();
        foreach (var url in new[] { "/dashboard", "/dashboard/csv?region=09&quarter=2025Q3", "/packs", "/packs/download?region=09&quarter=2025Q3&lang=fr" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_csv_is_the_spec_export_of_exactly_the_rows_on_screen()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Planner));
        foreach (var (query, ids) in new[] { ("", KeyIds), ("&indicator=all", Catalogue.Default.Indicators.Select(d => d.Id).ToList()), ("&indicator=REMITTANCES_MEAN", ["REMITTANCES_MEAN"]) })
        {
            var response = await client.GetAsync("/dashboard/csv?region=09&quarter=2025Q3" + query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
            Assert.StartsWith("indicateurs-souss-massa-2025Q3", response.Content.Headers.ContentDisposition!.FileName, StringComparison.Ordinal);
            var text = await response.Content.ReadAsStringAsync();
            var expected = portal.ShownRows("09", "2025Q3", ids);
            Assert.Equal(IndicatorCsv.ToText(expected), text);
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("INDICATOR,REGION,QUARTER,PROVINCE,SEX,AGE_GROUP,CATEGORY,OBS_VALUE,SE,CI_LOW,CI_HIGH,CV,N,N_WEIGHTED,MISSING,OBS_FLAG", lines[0]);
            var provinces = expected.Select(v => v.Group.Province).Distinct().Count();
            Assert.Equal(ids.Count * provinces, lines.Length - 1);
            Assert.True(provinces > 2);

            // Nothing a spreadsheet would take for a formula: only numbers may start with a sign.
            foreach (var field in lines.SelectMany(l => l.Split(',')))
            {
                Assert.True(double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _) || field.Length == 0 || !"=+-@\t\r".Contains(field[0], StringComparison.Ordinal), field);
            }
        }

        var named = await client.GetAsync("/dashboard/csv?region=09&quarter=2025Q3&indicator=REMITTANCES_MEAN");
        Assert.Equal("indicateurs-souss-massa-2025Q3-remittances_mean.csv", named.Content.Headers.ContentDisposition!.FileName);
    }

    [Fact]
    public async Task A_quarter_without_figures_says_so()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Planner));
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/dashboard?region=05&quarter=2025Q2"));
        Assert.Contains("Pas encore de chiffres pour Béni Mellal-Khénifra au T2 2025.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.Equal(IndicatorCsv.Header + "\n", await client.GetStringAsync("/dashboard/csv?region=05&quarter=2025Q2"));

        // Without a quarter: the region's newest.
        Assert.Contains("Béni Mellal-Khénifra — T3 2025", WebUtility.HtmlDecode(await client.GetStringAsync("/dashboard?region=05")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dashboard?region=99")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dashboard?region=09&indicator=NOPE")).StatusCode);
    }

    [Fact]
    public async Task The_arabic_dashboard_is_right_to_left_with_arabic_names()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Planner, "09", lang: "ar"));
        var html = WebUtility.HtmlDecode(await client.GetStringAsync("/dashboard?quarter=2025Q3"));
        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", html, StringComparison.Ordinal);
        foreach (var def in new PackCharts().KeyIndicators)
        {
            Assert.Contains(def.Name.Ar, html, StringComparison.Ordinal);
        }

        Assert.Contains("direction=\"rtl\"", html, StringComparison.Ordinal);
        Assert.Contains("لوحة القيادة", html, StringComparison.Ordinal);
    }

    private static List<string> KeyIds => new PackCharts().KeyIndicators.Select(d => d.Id).ToList();

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}

/// <summary>
/// A portal with figures: Souss-Massa (09) in 2025Q2 and 2025Q3, Béni Mellal-Khénifra (05) and
/// Oriental (02) in 2025Q3, 200 generated respondents each, computed.
/// </summary>
public class IndicatorsPortal : PortalFactory
{
    public IndicatorsPortal()
        : this(null)
    {
    }

    protected IndicatorsPortal(string? database)
        : base(database)
    {
        Seed("09", "2025Q2", seed: 11);
        Seed("09", "2025Q3", seed: 12);
        Seed("05", "2025Q3", seed: 13);
        Seed("02", "2025Q3", seed: 14);
        Compute();
    }

    public IReadOnlyList<IndicatorValue> Values(string? region, string? quarter)
    {
        using var c = Database.Connect();
        return new IndicatorStore(c).Values(region, quarter);
    }

    /// <summary>What the dashboard shows for the region: the indicators for the region as a whole and for each province.</summary>
    public List<IndicatorValue> ShownRows(string region, string quarter, IReadOnlyCollection<string> indicators) =>
        Values(region, quarter).Where(v => indicators.Contains(v.Indicator) && v.Group with { Province = Dim.Total } == GroupKey.All).ToList();

    /// <summary>A client that calls the API with a new token of the account.</summary>
    public HttpClient TokenClient(UserAccount user)
    {
        using var c = Database.Connect();
        var (_, secret) = new UserStore(c).CreateToken(user.Id, "tests");
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", secret);
        return client;
    }
}

/// <summary>The same figures on PostgreSQL.</summary>
public sealed class PostgresIndicatorsPortal() : IndicatorsPortal(Indicators.Tests.PostgresServer.CreateDatabase());

/// <summary>The same tests with the portal on PostgreSQL.</summary>
public sealed class DashboardPostgresTests(PostgresIndicatorsPortal portal) : DashboardTests(portal), IClassFixture<PostgresIndicatorsPortal>;
