using System.Net;
using Indicators.Accounts;
using Indicators.Periods;
using Indicators.Sheets;
using Indicators.Submissions;

namespace Indicators.Web.Tests;

/// <summary>The blank template page: each observatory its own region's, administrators any, planners none.</summary>
public sealed class TemplatesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    private static readonly Quarter Current = Quarter.Of(DateOnly.FromDateTime(DateTime.Now));

    [Fact]
    public async Task Anonymous_visitors_and_planners_are_refused()
    {
        foreach (var url in new[] { "/templates", "/templates?handler=Download" })
        {
            var anonymous = await portal.Anonymous().GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
            Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        var planner = await portal.SignIn(portal.AddUser(Roles.Planner));
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.GetAsync("/templates")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await planner.GetAsync("/templates?handler=Download&region=09")).StatusCode);
    }

    [Fact]
    public async Task The_page_offers_the_next_quarter_the_current_one_selected_and_the_seven_before()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Observatory, "09"));
        var html = await client.GetStringAsync("/templates");
        var offered = System.Text.RegularExpressions.Regex.Matches(html, "<option value=\"(\\d{4}Q\\d)\"( selected=\"selected\")?>")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Success)).ToList();
        Assert.Equal(9, offered.Count);
        Assert.Equal((Current.Next.ToString(), false), offered[0]);
        Assert.Equal((Current.ToString(), true), offered[1]);
        Assert.Equal(Current.Previous.Previous.Previous.Previous.Previous.Previous.Previous.ToString(), offered[^1].Value);
        Assert.Contains("Souss-Massa", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<select id=\"tpl-region\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_observatory_downloads_its_own_regions_template_and_not_another()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Observatory, "09"));
        var response = await client.GetAsync("/templates?handler=Download&quarter=2025Q3&lang=ar");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("modele-souss-massa-2025Q3-ar.xlsx", response.Content.Headers.ContentDisposition!.FileName);
        var metadata = Metadata(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("09", metadata["region"]);
        Assert.Equal("2025Q3", metadata["quarter"]);

        var byDefault = await client.GetAsync("/templates?handler=Download");
        Assert.Equal($"modele-souss-massa-{Current}-fr.xlsx", byDefault.Content.Headers.ContentDisposition!.FileName);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/templates?handler=Download&region=02")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/templates?handler=Download&region=oriental")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/templates?handler=Download&quarter=2025Q9")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/templates?handler=Download&lang=de")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_downloads_any_regions_template()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Admin));
        var response = await client.GetAsync("/templates?handler=Download&region=02&quarter=2026Q1&lang=fr");
        Assert.Equal("modele-oriental-2026Q1-fr.xlsx", response.Content.Headers.ContentDisposition!.FileName);
        Assert.Equal("02", Metadata(await response.Content.ReadAsByteArrayAsync())["region"]);
        Assert.Contains("<select id=\"tpl-region\"", await client.GetStringAsync("/templates"), StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Metadata(byte[] xlsx)
    {
        using var workbook = WorkbookFile.Open(new MemoryStream(xlsx), "template.xlsx");
        return TemplateMetadata.Read(workbook);
    }
}
