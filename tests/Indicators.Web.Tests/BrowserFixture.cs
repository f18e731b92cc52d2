using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Indicators.Web.Tests;

/// <summary>
/// The portal on a real Kestrel port on 127.0.0.1 and Debian's Chromium driven by Playwright (it
/// cannot download its own browser here). Without /usr/bin/chromium the browser tests say so and
/// stop; under CI=true they fail instead (.ci/run installs chromium).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public PortalFactory Portal { get; } = new();

    public IBrowser? Browser { get; private set; }

    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public string? Missing { get; private set; }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            Missing = $"{ChromiumPath} is not installed (apt-get install chromium)";
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "Chromium must be installed in CI (.ci/run installs it): " + Missing);
            return;
        }

        Portal.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        Portal.StartServer();
        BaseUrl = Portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        await Portal.DisposeAsync();
    }

    /// <summary>A fresh browser context (own cookies) that accepts downloads, at a desktop or phone size.</summary>
    public async Task<IPage> NewPage(int width = 1280, int height = 900)
    {
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "fr-FR",
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Waits until the page's address passes <paramref name="arrived"/> and its document has loaded.
    /// Polls the address and asks the page for its ready state instead of calling WaitForURLAsync or
    /// WaitForLoadStateAsync: both look at the load states they have seen and then subscribe, so a
    /// load event that lands in between is lost and the wait times out (playwright-dotnet#3364).
    /// </summary>
    public static async Task Arrive(IPage page, Func<string, bool> arrived, int timeoutMs = 30_000)
    {
        var clock = Stopwatch.StartNew();
        while (!arrived(page.Url))
        {
            if (clock.ElapsedMilliseconds > timeoutMs)
            {
                throw new TimeoutException($"the page stayed at {page.Url} for {timeoutMs} ms");
            }

            await Task.Delay(20);
        }

        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null, new() { Timeout = timeoutMs });
    }
}
