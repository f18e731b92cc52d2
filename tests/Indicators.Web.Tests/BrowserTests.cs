using System.IO.Compression;
using Indicators.Accounts;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Submissions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Indicators.Web.Tests;

/// <summary>
/// The portal in Debian's Chromium: an observatory clerk's quarter from sign-in to pack, and every
/// page in French and Arabic at desktop and phone widths.
/// </summary>
[Collection("browser")]
public sealed class BrowserTests(BrowserFixture browser, ITestOutputHelper output) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_clerk_signs_in_uploads_a_faulty_sheet_reads_its_errors_and_downloads_what_planners_get()
    {
        if (browser.Missing is { } why)
        {
            output.WriteLine("SKIPPED: " + why);
            return;
        }

        var portal = browser.Portal;
        var previous = portal.Seed("09", "2025Q2", rows: 300, seed: 11);
        Assert.Equal(SubmissionStatus.Accepted, previous.Status);
        portal.Compute();
        var clerk = portal.AddUser(Roles.Observatory, "09");
        var page = await browser.NewPage();

        // Sign in.
        await SignIn(page, clerk);
        Assert.EndsWith("/submissions", page.Url, StringComparison.Ordinal);

        // Blank template for the region and quarter.
        await page.GotoAsync("/templates");
        var template = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("main form button[type=submit]"));
        var templatePath = Path.Combine(portal.Root, "template.xlsx");
        await template.SaveAsAsync(templatePath);
        using (var zip = ZipFile.OpenRead(templatePath))
        {
            Assert.NotNull(zip.GetEntry("xl/workbook.xml"));
        }

        // Upload a sheet with errors; the list shows the job's progress until it is accepted with errors.
        var sheet = Path.Combine(portal.Root, "souss-massa-2025Q3.xlsx");
        using (var stream = File.Create(sheet))
        {
            new SampleSheet(FormDefinition.Default).Write(stream, Reference.Default.GetRegion("09"), Quarter.Parse("2025Q3"), new SampleSheet.Options(400, 5, 0.1));
        }

        await page.GotoAsync("/submissions");
        await page.SetInputFilesAsync("#upload-file", sheet);
        await page.SelectOptionAsync("#upload-quarter", "2025Q3");
        await page.ClickAsync("#upload-submit");
        var row = page.Locator("#submissions tbody tr").Filter(new() { HasText = "souss-massa-2025Q3.xlsx" });
        await row.Locator(".status-accepted_with_errors").WaitForAsync(new() { Timeout = 90_000 });

        // Its page: counts and every error, then only one field's errors.
        await row.Locator("a[href^='/submissions/']").First.ClickAsync();
        await BrowserFixture.Arrive(page, url => System.Text.RegularExpressions.Regex.IsMatch(url, "/submissions/[0-9]+$"));
        var errors = page.Locator("table.errors tbody tr");
        var all = await errors.CountAsync();
        Assert.True(all > 1, "the errors table should list the sheet's errors");
        var field = await page.Locator("#e-field option").Nth(1).GetAttributeAsync("value");
        await page.SelectOptionAsync("#e-field", field!);
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await BrowserFixture.Arrive(page, url => url.Contains("field=", StringComparison.Ordinal));
        var filtered = await errors.CountAsync();
        Assert.InRange(filtered, 1, all - 1);

        // The annotated workbook.
        var annotated = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href*='/annotated']").First.ClickAsync());
        var annotatedPath = Path.Combine(portal.Root, "annotated.xlsx");
        await annotated.SaveAsAsync(annotatedPath);
        using (var zip = ZipFile.OpenRead(annotatedPath))
        {
            Assert.NotNull(zip.GetEntry("xl/workbook.xml"));
        }

        // Arabic: the same page right to left, in Arabic.
        await page.ClickAsync("button[name=lang][value=ar]");
        await page.Locator("html[dir=rtl]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await BrowserFixture.Arrive(page, _ => true);
        Assert.Equal("rtl", await page.GetAttributeAsync("html", "dir"));
        Assert.Equal("ar", await page.GetAttributeAsync("html", "lang"));
        Assert.Equal("rtl", await page.EvaluateAsync<string>("getComputedStyle(document.body).direction"));
        Assert.Contains("الإرسالات", await page.InnerTextAsync("header"), StringComparison.Ordinal);

        // A pack for the region.
        await page.GotoAsync("/packs");
        var pack = await page.RunAndWaitForDownloadAsync(() => page.Locator("a[href*='/packs/download'][href*='region=09']").First.ClickAsync());
        var packPath = Path.Combine(portal.Root, "pack.zip");
        await pack.SaveAsAsync(packPath);
        using (var zip = ZipFile.OpenRead(packPath))
        {
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith(".xlsx", StringComparison.Ordinal));
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith("manifest.json", StringComparison.Ordinal));
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_page_fits_a_phone_and_a_desktop_in_french_and_in_arabic()
    {
        if (browser.Missing is { } why)
        {
            output.WriteLine("SKIPPED: " + why);
            return;
        }

        var portal = browser.Portal;
        var faulty = portal.Seed("05", "2025Q3", rows: 250, seed: 21, errorRate: 0.1);
        portal.Seed("05", "2025Q2", rows: 250, seed: 22);
        portal.Seed("02", "2025Q3", rows: 250, seed: 23);
        portal.Compute();
        var clerk = portal.AddUser(Roles.Observatory, "05");
        var admin = portal.AddUser(Roles.Admin);
        var planner = portal.AddUser(Roles.Planner);
        var tour = new (UserAccount? User, string[] Paths)[]
        {
            (null, ["/account/login", "/no-such-page"]),
            (clerk, ["/submissions", $"/submissions/{faulty.SubmissionId}", "/templates", "/dashboard", "/packs", "/account"]),
            (planner, ["/dashboard?region=05&quarter=2025Q3", "/packs"]),
            (admin, ["/admin", "/admin/users", $"/admin/users/{clerk.Id}", "/admin/jobs", "/admin/completeness", "/submissions"]),
        };

        // INDICATORS_SCREENSHOTS=DIR keeps a PNG of each page for people to look at.
        var shots = Environment.GetEnvironmentVariable("INDICATORS_SCREENSHOTS");
        var problems = new List<string>();
        foreach (var (lang, dir) in new[] { ("fr", "ltr"), ("ar", "rtl") })
        {
            foreach (var (width, height, size) in new[] { (1280, 900, "desktop"), (390, 844, "phone") })
            {
                foreach (var (user, paths) in tour)
                {
                    var page = await browser.NewPage(width, height);
                    if (user is not null)
                    {
                        await SignIn(page, user);
                    }

                    // Sign-in brings back the account's language: choose this one afterwards.
                    await page.Context.AddCookiesAsync([new Cookie { Name = "lang", Value = lang, Url = browser.BaseUrl }]);

                    foreach (var path in paths)
                    {
                        await page.GotoAsync(path);
                        Assert.Equal(dir, await page.GetAttributeAsync("html", "dir"));
                        var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - window.innerWidth");
                        if (overflow > 1)
                        {
                            problems.Add($"{path} ({lang}, {size}) is {overflow}px wider than the window");
                        }

                        if (shots is not null)
                        {
                            Directory.CreateDirectory(shots);
                            var name = $"{(user?.Role ?? "anonymous")}{path.Replace('/', '_').Replace('?', '_').Replace('&', '_').Replace('=', '-')}-{lang}-{size}.png";
                            await page.ScreenshotAsync(new() { Path = Path.Combine(shots, name), FullPage = true });
                        }
                    }

                    await page.Context.CloseAsync();
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static async Task SignIn(IPage page, UserAccount user)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", user.Email);
        await page.FillAsync("#password", PortalFactory.Password);
        await page.ClickAsync("main button[type=submit]");
        await BrowserFixture.Arrive(page, url => !url.Contains("/account/login", StringComparison.Ordinal));
    }
}
