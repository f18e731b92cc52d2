using System.Globalization;
using System.Security.Claims;

namespace Indicators.Web.Portal;

/// <summary>
/// Picks the request's language: the <c>lang</c> cookie (set by the switch, and at sign-in from the
/// account's choice), else the browser's Accept-Language, else French; and sets the culture.
/// </summary>
public static class Languages
{
    public const string Cookie = "lang";

    public static Lang Resolve(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(Cookie, out var chosen) && Parse(chosen) is { } fromCookie)
        {
            return fromCookie;
        }

        if (context.User.FindFirstValue(PortalClaims.Lang) is { } fromAccount && Parse(fromAccount) is { } l)
        {
            return l;
        }

        foreach (var part in context.Request.Headers.AcceptLanguage.ToString().Split(','))
        {
            var tag = part.Split(';')[0].Trim();
            if (tag.Length >= 2 && Parse(tag[..2]) is { } fromBrowser)
            {
                return fromBrowser;
            }
        }

        return Lang.Fr;
    }

    public static Lang? Parse(string? code) => code?.Trim().ToLowerInvariant() switch
    {
        "fr" => Lang.Fr,
        "ar" => Lang.Ar,
        "en" => Lang.En,
        _ => null,
    };

    public static void Remember(HttpResponse response, Lang lang) => response.Cookies.Append(
        Cookie,
        lang switch { Lang.Ar => "ar", Lang.En => "en", _ => "fr" },
        new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true, MaxAge = TimeSpan.FromDays(365), Secure = response.HttpContext.Request.IsHttps });

    public static IApplicationBuilder UseLanguages(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var text = context.RequestServices.GetRequiredService<PageText>();
        text.Lang = Resolve(context);
        CultureInfo.CurrentCulture = text.Culture;
        CultureInfo.CurrentUICulture = text.Culture;
        await next(context).ConfigureAwait(false);
    });
}
