using System.Text;
using System.Text.Encodings.Web;
using Indicators.Storage;

namespace Indicators.Web.Portal;

/// <summary>
/// The database out of reach (a PostgreSQL server stopped or restarting, a SQLite file locked):
/// a 503 page that says so, that nothing stored was lost and to try again in a minute, in the
/// request's language and in French and Arabic both (the account's own choice cannot be read);
/// on <c>/api</c> the usual JSON error. The generic error page cannot stand in for it: the sign-in
/// check and the menu read the database too. Nothing is remembered between requests, so pages
/// work again as soon as the database is back; its pooled connections, dead with the server, are
/// dropped at the first failure.
/// </summary>
public static class DatabaseOutage
{
    public const int RetryAfterSeconds = 60;

    public const string Code = "database_unavailable";

    public static IApplicationBuilder UseDatabaseOutage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception e) when (DatabaseErrors.IsUnreachable(e) && !context.Response.HasStarted)
        {
            var services = context.RequestServices;
            DatabaseErrors.ForgetPooledConnections(services.GetRequiredService<Database>());
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseOutage).FullName!)
                .LogWarning("Database unreachable on {Method} {Path}: {Message}", context.Request.Method, context.Request.Path, e.Message);
            await Answer(context, services.GetRequiredService<Texts>(), services.GetRequiredService<HtmlEncoder>()).ConfigureAwait(false);
        }
    });

    private static Task Answer(HttpContext context, Texts texts, HtmlEncoder html)
    {
        var response = context.Response;
        response.Clear();
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return response.WriteAsJsonAsync(new { error = new { code = Code, fr = texts.Get("outage.text", Lang.Fr), ar = texts.Get("outage.text", Lang.Ar), en = texts.Get("outage.text", Lang.En) } });
        }

        var first = Languages.Resolve(context);
        Lang[] langs = [first, .. new[] { Lang.Fr, Lang.Ar }.Where(l => l != first)];
        var retry = HttpMethods.IsGet(context.Request.Method) && IsLocal(context.Request.Path.Value) ? context.Request.Path.Value + context.Request.QueryString : "/";
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"").Append(CodeOf(first)).Append("\" dir=\"").Append(first == Lang.Ar ? "rtl" : "ltr").Append("\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(html.Encode(texts.Get("outage.title", first))).Append(" · ").Append(html.Encode(texts.Get("app.name", first))).Append("</title>\n")
            .Append("<link rel=\"stylesheet\" href=\"/site.css\">\n</head>\n<body>\n<main id=\"main\">\n");
        foreach (var lang in langs)
        {
            page.Append("<section class=\"card narrow\" lang=\"").Append(CodeOf(lang)).Append("\" dir=\"").Append(lang == Lang.Ar ? "rtl" : "ltr").Append("\">\n")
                .Append(lang == first ? "<h1>" : "<h2>").Append(html.Encode(texts.Get("outage.title", lang))).Append(lang == first ? "</h1>\n" : "</h2>\n")
                .Append("<p>").Append(html.Encode(texts.Get("outage.text", lang))).Append("</p>\n")
                .Append("<p><a href=\"").Append(html.Encode(retry)).Append("\">").Append(html.Encode(texts.Get("outage.retry", lang))).Append("</a></p>\n</section>\n");
        }

        page.Append("</main>\n</body>\n</html>\n");
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync(page.ToString(), Encoding.UTF8);
    }

    /// <summary>A path on this site (not <c>//host</c>, which a browser reads as another site).</summary>
    private static bool IsLocal(string? path) => path is { Length: > 0 } p && p[0] == '/' && (p.Length == 1 || (p[1] != '/' && p[1] != '\\'));

    private static string CodeOf(Lang lang) => lang switch
    {
        Lang.Ar => "ar",
        Lang.En => "en",
        _ => "fr",
    };
}
