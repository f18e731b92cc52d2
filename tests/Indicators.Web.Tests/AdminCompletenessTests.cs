using System.Text.RegularExpressions;
using Dapper;
using Indicators.Accounts;
using Indicators.Geography;
using Indicators.Periods;

namespace Indicators.Web.Tests;

/// <summary>The completeness matrix: accepted rows of active submissions per province and quarter, "missing" where there are none.</summary>
public class AdminCompletenessTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly Quarter Current = Quarter.Of(DateOnly.FromDateTime(DateTime.UtcNow));

    /// <summary>The cell of a province and quarter, as its text.</summary>
    private static string Cell(string html, string province, Quarter quarter)
    {
        var row = Regex.Match(html, $"<tr data-province=\"{province}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no row for province {province}");
        var cell = Regex.Match(row.Groups[1].Value, $"<td class=\"num\" data-quarter=\"{quarter}\">(.*?)</td>", RegexOptions.Singleline);
        Assert.True(cell.Success, $"no column {quarter} for province {province}");
        return Regex.Replace(cell.Groups[1].Value, "<[^>]+>", string.Empty).Trim();
    }

    [Fact]
    public async Task Accepted_rows_show_per_province_and_missing_elsewhere()
    {
        var quarter = Current.Previous;
        var souss = portal.Seed("09", quarter.ToString(), rows: 120, seed: 7, errorRate: 0.05);
        // An inactive submission does not count: Béni Mellal-Khénifra stays missing.
        var beniMellal = portal.Seed("05", quarter.ToString(), rows: 40, seed: 8);
        Dictionary<string, long> expected;
        using (var c = portal.Database.Connect())
        {
            c.Execute("UPDATE submissions SET is_active = 0 WHERE id = @id", new { id = beniMellal.SubmissionId });
            expected = c.Query<(string Province, long Rows)>("SELECT province, COUNT(*) FROM responses WHERE submission_id = @id GROUP BY province", new { id = souss.SubmissionId })
                .ToDictionary(x => x.Province, x => x.Rows);
        }

        Assert.Contains(souss.Status, new[] { "accepted", "accepted_with_errors" });
        Assert.NotEmpty(expected);
        var admin = await portal.SignIn(portal.AddUser(Roles.Admin));
        var html = await admin.GetStringAsync("/admin/completeness");

        // Default: four quarters, the current one last.
        Assert.Equal(4, Regex.Matches(html, "<th scope=\"col\" class=\"num\">").Count);
        foreach (var region in Reference.Default.Regions)
        {
            foreach (var province in region.Provinces)
            {
                var rows = region.Code == "09" ? expected.GetValueOrDefault(province.Code) : 0;
                Assert.Equal(rows == 0 ? "manquant" : rows.ToString("N0", Indicators.Web.Portal.PageText.CultureOf(Lang.Fr)), Cell(html, province.Code, quarter));
                Assert.Equal("manquant", Cell(html, province.Code, Current));
            }
        }
    }

    [Fact]
    public async Task The_number_of_quarters_is_chosen_and_bounded_and_names_follow_the_page_language()
    {
        var admin = await portal.SignIn(portal.AddUser(Roles.Admin, lang: "ar"));
        var two = await admin.GetStringAsync("/admin/completeness?quarters=2");
        Assert.Equal(2, Regex.Matches(two, "<th scope=\"col\" class=\"num\">").Count);
        Assert.Contains($"data-quarter=\"{Current.Previous}\"", two, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-quarter=\"{Current.Previous.Previous}\"", two, StringComparison.Ordinal);

        var many = await admin.GetStringAsync("/admin/completeness?quarters=500");
        Assert.Equal(12, Regex.Matches(many, "<th scope=\"col\" class=\"num\">").Count);

        var tiznit = Reference.Default.GetRegion("09").Provinces.First(p => p.Name.Fr == "Tiznit");
        Assert.Contains(tiznit.Name.Ar, two, StringComparison.Ordinal);
        Assert.Contains("ناقص", two, StringComparison.Ordinal);
    }
}

/// <summary>The same tests with the portal on PostgreSQL.</summary>
public sealed class AdminCompletenessPostgresTests(PostgresPortal portal) : AdminCompletenessTests(portal), IClassFixture<PostgresPortal>;
