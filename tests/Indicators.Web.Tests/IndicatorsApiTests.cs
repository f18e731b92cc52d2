using System.Globalization;
using System.Net;
using System.Text.Json;
using Indicators.Accounts;
using Indicators.Statistics;

namespace Indicators.Web.Tests;

/// <summary>The indicators API: the spec's CSV, the same rows as JSON, tokens only, one region's tokens kept to it.</summary>
public class IndicatorsApiTests(IndicatorsPortal portal) : IClassFixture<IndicatorsPortal>
{
    [Fact]
    public async Task The_csv_is_the_spec_export_of_what_the_token_may_see()
    {
        var client = portal.TokenClient(portal.AddUser(Roles.Planner));
        var response = await client.GetAsync("/api/indicators?region=09&quarter=2025Q3");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(IndicatorCsv.ToText(portal.Values("09", "2025Q3")), await response.Content.ReadAsStringAsync());

        // No filter: every region and the national total, every quarter.
        var everything = await client.GetStringAsync("/api/indicators");
        Assert.Equal(IndicatorCsv.ToText(portal.Values(null, null)), everything);
        Assert.Contains("\nEMPLOYMENT_RATE,_T,2025Q3,", everything, StringComparison.Ordinal);

        var one = await client.GetStringAsync("/api/indicators?indicator=EMPLOYMENT_RATE&quarter=2025Q3&region=05");
        Assert.Equal(IndicatorCsv.ToText(portal.Values("05", "2025Q3").Where(v => v.Indicator == "EMPLOYMENT_RATE")), one);
    }

    [Fact]
    public async Task The_json_holds_the_csv_rows_as_objects_named_after_its_columns()
    {
        var client = portal.TokenClient(portal.AddUser(Roles.Admin));
        var csv = (await client.GetStringAsync("/api/indicators?region=09&quarter=2025Q3")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var response = await client.GetAsync("/api/indicators?region=09&quarter=2025Q3&format=json");
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var columns = csv[0].Split(',');
        var rows = json.RootElement.EnumerateArray().Select(o =>
        {
            Assert.Equal(columns, o.EnumerateObject().Select(p => p.Name));
            return string.Join(',', o.EnumerateObject().Select(p => p.Value.ValueKind switch
            {
                JsonValueKind.Null => "",
                JsonValueKind.Number => p.Value.GetDouble().ToString(CultureInfo.InvariantCulture),
                _ => p.Value.GetString(),
            }));
        }).ToList();
        Assert.Equal(csv.Skip(1), rows);
        Assert.Contains(rows, r => r.EndsWith(",x", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_one_region_token_gets_its_region_only()
    {
        foreach (var user in new[] { portal.AddUser(Roles.Planner, "09"), portal.AddUser(Roles.Observatory, "09") })
        {
            var client = portal.TokenClient(user);
            foreach (var url in new[] { "/api/indicators?region=05", "/api/indicators?region=_T&format=json", "/api/indicators?region=02&quarter=2025Q3", "/api/indicators/quarters?region=05" })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(url)).StatusCode);
            }

            var lines = (await client.GetStringAsync("/api/indicators")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
            Assert.NotEmpty(lines);
            Assert.All(lines, l => Assert.Equal("09", l.Split(',')[1]));
            Assert.Equal(IndicatorCsv.ToText(portal.Values("09", null)), await client.GetStringAsync("/api/indicators"));
        }

        var beniMellal = portal.TokenClient(portal.AddUser(Roles.Planner, "05"));
        Assert.Equal(["2025Q3"], await Quarters(beniMellal, "/api/indicators/quarters"));
    }

    [Fact]
    public async Task Quarters_are_those_with_figures()
    {
        var client = portal.TokenClient(portal.AddUser(Roles.Planner));
        Assert.Equal(["2025Q2", "2025Q3"], await Quarters(client, "/api/indicators/quarters"));
        Assert.Equal(["2025Q3"], await Quarters(client, "/api/indicators/quarters?region=02"));
    }

    [Fact]
    public async Task Only_a_token_opens_the_api_and_bad_filters_are_explained()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await portal.Anonymous().GetAsync("/api/indicators")).StatusCode);
        var cookie = await portal.SignIn(portal.AddUser(Roles.Planner));
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync("/api/indicators")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.GetAsync("/api/indicators/quarters")).StatusCode);

        var client = portal.TokenClient(portal.AddUser(Roles.Planner));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/indicators?region=99")).StatusCode);
        foreach (var (query, words) in new[] { ("quarter=2025-13", "Trimestre invalide"), ("indicator=NOPE", "Indicateur inconnu"), ("format=xml", "Format inconnu") })
        {
            var response = await client.GetAsync("/api/indicators?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(words, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static async Task<string[]> Quarters(HttpClient client, string url) =>
        JsonSerializer.Deserialize<string[]>(await client.GetStringAsync(url)) ?? [];
}

/// <summary>The same tests with the portal on PostgreSQL.</summary>
public sealed class IndicatorsApiPostgresTests(PostgresIndicatorsPortal portal) : IndicatorsApiTests(portal), IClassFixture<PostgresIndicatorsPortal>;
