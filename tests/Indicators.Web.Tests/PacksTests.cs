using System.IO.Compression;
using System.Net;
using Indicators.Accounts;

namespace Indicators.Web.Tests;

/// <summary>The packs page and downloads: what each account is offered, built on demand, refusals.</summary>
public class PacksTests(IndicatorsPortal portal) : IClassFixture<IndicatorsPortal>
{
    [Fact]
    public async Task The_page_lists_the_regions_and_quarters_the_account_may_download()
    {
        var all = await (await portal.SignIn(portal.AddUser(Roles.Planner))).GetStringAsync("/packs");
        foreach (var link in new[] { "region=09&amp;quarter=2025Q2&amp;lang=fr", "region=09&amp;quarter=2025Q3&amp;lang=ar", "region=05&amp;quarter=2025Q3&amp;lang=fr", "region=_T&amp;quarter=2025Q3&amp;lang=ar" })
        {
            Assert.Contains("/packs/download?" + link, all, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("region=05&amp;quarter=2025Q2", all, StringComparison.Ordinal);

        foreach (var user in new[] { portal.AddUser(Roles.Planner, "09"), portal.AddUser(Roles.Observatory, "09") })
        {
            var one = await (await portal.SignIn(user)).GetStringAsync("/packs");
            Assert.Contains("/packs/download?region=09&amp;quarter=2025Q3&amp;lang=ar", one, StringComparison.Ordinal);
            Assert.DoesNotContain("region=05", one, StringComparison.Ordinal);
            Assert.DoesNotContain("region=02", one, StringComparison.Ordinal);
            Assert.DoesNotContain("region=_T", one, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_missing_pack_is_built_on_download_and_holds_the_workbook()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Planner, "09"));
        var path = Path.Combine(portal.PacksDirectory, "souss-massa-2025Q2-fr.zip");
        Assert.False(File.Exists(path));

        var response = await client.GetAsync("/packs/download?region=09&quarter=2025Q2&lang=fr");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("souss-massa-2025Q2-fr.zip", response.Content.Headers.ContentDisposition!.FileName);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.Contains(zip.Entries, e => e.FullName == "souss-massa-2025Q2-fr.xlsx" && e.Length > 0);
        Assert.Contains(zip.Entries, e => e.FullName == "manifest.json");
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task A_built_pack_is_served_as_it_is_and_rebuilt_when_older_than_its_figures()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Planner));
        var built = portal.BuildPack(null, "2025Q3", Lang.Ar);
        var bytes = await client.GetByteArrayAsync("/packs/download?region=_T&quarter=2025Q3&lang=ar");
        Assert.Equal(await File.ReadAllBytesAsync(built.ZipPath), bytes);

        // Written before the figures were computed: stale, so built again.
        var old = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(built.ZipPath, old);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/packs/download?region=_T&quarter=2025Q3&lang=ar")).StatusCode);
        Assert.True(File.GetLastWriteTimeUtc(built.ZipPath) > old);
    }

    [Fact]
    public async Task Other_regions_and_the_national_pack_are_refused_to_one_region_accounts()
    {
        foreach (var user in new[] { portal.AddUser(Roles.Planner, "09"), portal.AddUser(Roles.Observatory, "09") })
        {
            var client = await portal.SignIn(user);
            foreach (var url in new[] { "/packs/download?region=05&quarter=2025Q3&lang=fr", "/packs/download?region=_T&quarter=2025Q3&lang=fr", "/packs/download?region=02&quarter=2025Q3&lang=ar" })
            {
                var response = await client.GetAsync(url);
                Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
                Assert.NotEqual("application/zip", response.Content.Headers.ContentType?.MediaType);
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/packs/download?region=09&quarter=2025Q3&lang=ar")).StatusCode);
        }

        Assert.False(File.Exists(Path.Combine(portal.PacksDirectory, "beni-mellal-khenifra-2025Q3-fr.zip")));
    }

    [Fact]
    public async Task A_quarter_without_figures_gets_a_clear_message()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Planner));
        var response = await client.GetAsync("/packs/download?region=05&quarter=2025Q2&lang=fr");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("Pas de chiffres calculés pour Béni Mellal-Khénifra au T2 2025", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/packs/download?region=99&quarter=2025Q3&lang=fr")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/packs/download?region=09&quarter=2025Q3&lang=de")).StatusCode);
    }
}

/// <summary>The same tests with the portal on PostgreSQL.</summary>
public sealed class PacksPostgresTests(PostgresIndicatorsPortal portal) : PacksTests(portal), IClassFixture<PostgresIndicatorsPortal>;
