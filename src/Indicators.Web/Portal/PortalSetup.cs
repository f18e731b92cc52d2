using Indicators.Jobs;
using Indicators.Web.Api;
using Indicators.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Indicators.Web.Portal;

/// <summary>The portal's services (database, accounts, languages, jobs) and its request pipeline.</summary>
public static class PortalSetup
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var options = ReadOptions(builder.Configuration);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        var database = Database.Open(options.Database, options.Files);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(database);
        services.AddSingleton<Texts>();
        services.AddScoped<PageText>();
        services.AddScoped<CurrentUser>();
        services.AddHttpContextAccessor();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<Uploads>();

        // Arabic and French letters as they are in the HTML, not as &#x...; entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));

        services.AddIndicatorsJobs(new JobsOptions
        {
            Database = database,
            InboxRoot = Path.GetFullPath(options.Inbox),
            PacksDirectory = Path.GetFullPath(options.Packs),
            Schedule = Schedule.Load(),
            Node = "web:" + Environment.MachineName + ":" + Environment.ProcessId,
            RunJobs = options.Jobs,
        });

        services.AddDataProtection().SetApplicationName("indicators");
        services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(
            _ => new Microsoft.Extensions.Options.ConfigureOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeyRepository(database)));
        services.AddSingleton<PortalCookieEvents>();
        services.AddAuthentication(AuthSchemes.Either)
            // Tokens are for scripts on /api; pages take the cookie only, so a leaked token cannot
            // drive the admin pages or make more tokens.
            .AddPolicyScheme(AuthSchemes.Either, AuthSchemes.Either, o => o.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? AuthSchemes.Token : AuthSchemes.Cookie)
            .AddCookie(AuthSchemes.Cookie, o =>
            {
                o.Cookie.Name = "indicators";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.EventsType = typeof(PortalCookieEvents);
            })
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(AuthSchemes.Token, _ => { });
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = "X-CSRF-TOKEN";
            o.Cookie.Name = "indicators-csrf";
        });

        // Uploads: the limit applies to the whole request body and to each multipart section.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxUploadBytes + (1024 * 1024));
        services.Configure<FormOptions>(o =>
        {
            o.MultipartBodyLengthLimit = options.MaxUploadBytes;
            o.ValueCountLimit = 200;
        });
        services.Configure<KestrelServerOptions>(k => k.AddServerHeader = false);

        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Account/Denied");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/Lang");
            o.Conventions.AuthorizeFolder("/Admin", "admin");
        });
        services.AddAuthorizationBuilder()
            .AddPolicy("admin", p => p.RequireRole(Indicators.Accounts.Roles.Admin))
            .AddPolicy("api", p => p.AddAuthenticationSchemes(AuthSchemes.Token).RequireAuthenticatedUser());
        return builder;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        FindWebRoot(app.Environment);

        // Behind a TLS proxy on this machine (the default trusts loopback proxies only): the
        // request's scheme is https, so the cookies are marked Secure.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto });
        app.UseExceptionHandler("/error");
        // Pages get a page for 404/403/...; the API keeps its bare status codes and JSON.
        app.UseWhen(c => !c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase), a => a.UseStatusCodePagesWithReExecute("/error", "?code={0}"));
        app.UseSecurityHeaders();
        app.UseDatabaseOutage(); // the database out of reach: a 503 saying so, not the error page (which reads it too)
        // Styles and scripts are linked with a content hash (asp-append-version): cache them; every other response is no-store.
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "public, max-age=86400" });
        app.UseRouting();
        app.UseAuthentication();
        app.UseLanguages();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapSubmissionsApi();
        app.MapIndicatorsApi();
        app.MapMeApi();
        return app;
    }

    /// <summary>
    /// The styles and scripts: <c>wwwroot</c> under the content root (a published portal, the
    /// tests), else the project's own, found above the program (<c>dotnet run --project
    /// src/Indicators.Web</c> from anywhere keeps the working directory as content root).
    /// </summary>
    private static void FindWebRoot(IWebHostEnvironment environment)
    {
        if (environment.WebRootPath is { } root && File.Exists(Path.Combine(root, "site.css")))
        {
            return;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "wwwroot");
            if (File.Exists(Path.Combine(candidate, "site.css")))
            {
                environment.WebRootPath = candidate;
                environment.WebRootFileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(candidate);
                return;
            }
        }
    }

    /// <summary>Options from the <c>Indicators</c> section, with the environment variables the CLI uses as defaults.</summary>
    public static PortalOptions ReadOptions(IConfiguration configuration)
    {
        var section = configuration.GetSection("Indicators");
        var defaults = new PortalOptions();
        return new PortalOptions
        {
            Database = section["Database"] ?? Environment.GetEnvironmentVariable("INDICATORS_DB"),
            Files = section["Files"] ?? Environment.GetEnvironmentVariable("INDICATORS_FILES"),
            Packs = section["Packs"] ?? Environment.GetEnvironmentVariable("INDICATORS_PACKS") ?? defaults.Packs,
            Inbox = section["Inbox"] ?? Environment.GetEnvironmentVariable("INDICATORS_INBOX") ?? defaults.Inbox,
            Jobs = section.GetValue("Jobs", defaults.Jobs),
            MaxUploadMegabytes = section.GetValue("MaxUploadMegabytes", defaults.MaxUploadMegabytes),
        };
    }
}
