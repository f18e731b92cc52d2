using System.Security.Claims;
using System.Text.Encodings.Web;
using Indicators.Accounts;
using Indicators.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Indicators.Web.Portal;

public static class PortalClaims
{
    public const string Region = "indicators:region";
    public const string Lang = "indicators:lang";
    public const string Stamp = "indicators:stamp";

    /// <summary>The signed-in identity of an account: id, e-mail, name, role, region, language.</summary>
    public static ClaimsPrincipal For(UserAccount user, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.Email, user.Email),
            new(ClaimTypes.Role, user.Role),
            new(Lang, user.Lang),
            new(Stamp, user.SecurityStamp),
        };
        if (user.RegionCode is { } region)
        {
            claims.Add(new(Region, region));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static long? UserId(this ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;
}

/// <summary>The schemes: a cookie for people, a bearer token (<c>Authorization: Bearer ind_...</c>) for scripts.</summary>
public static class AuthSchemes
{
    public const string Cookie = CookieAuthenticationDefaults.AuthenticationScheme;
    public const string Token = "Token";
    public const string Either = "CookieOrToken";
}

/// <summary>Signs a script in by its API token; the token's account must be enabled.</summary>
public sealed class TokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Database database)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        using var connection = database.Connect();
        var user = new UserStore(connection).FindByToken(header["Bearer ".Length..].Trim());
        return Task.FromResult(user is null
            ? AuthenticateResult.Fail("Unknown, revoked or disabled API token.")
            : AuthenticateResult.Success(new AuthenticationTicket(PortalClaims.For(user, Scheme.Name), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}

/// <summary>
/// Cookie checks on every request: an account disabled, deleted or changed since sign-in is
/// signed out or refreshed; API paths answer 401/403 rather than redirecting to the sign-in page.
/// </summary>
public sealed class PortalCookieEvents(Database database) : CookieAuthenticationEvents
{
    public override Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.UserId();
        using var connection = database.Connect();
        var user = id is null ? null : new UserStore(connection).Get(id.Value);
        // Disabled, or its password changed or its sessions ended since this cookie was issued.
        if (user is null || user.Disabled || user.SecurityStamp != context.Principal!.FindFirstValue(PortalClaims.Stamp))
        {
            context.RejectPrincipal();
            return context.HttpContext.SignOutAsync(AuthSchemes.Cookie);
        }

        if (user.Role != context.Principal!.FindFirstValue(ClaimTypes.Role) || user.RegionCode != context.Principal!.FindFirstValue(PortalClaims.Region))
        {
            context.ReplacePrincipal(PortalClaims.For(user, AuthSchemes.Cookie));
            context.ShouldRenew = true;
        }

        return Task.CompletedTask;
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        return base.RedirectToLogin(context);
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        return base.RedirectToAccessDenied(context);
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}

/// <summary>The account behind the current request, read once from the database.</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, Database database)
{
    private UserAccount? account;
    private bool loaded;

    public UserAccount? Account
    {
        get
        {
            if (!loaded)
            {
                loaded = true;
                var id = accessor.HttpContext?.User.UserId();
                if (id is not null)
                {
                    using var connection = database.Connect();
                    account = new UserStore(connection).Get(id.Value) is { Disabled: false } u ? u : null;
                }
            }

            return account;
        }
    }

    /// <summary>The account, for pages that require one (the authorization policy already made sure).</summary>
    public UserAccount Required => Account ?? throw new InvalidOperationException("No signed-in account.");
}
