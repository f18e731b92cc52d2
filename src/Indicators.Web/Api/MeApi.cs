using System.Security.Claims;
using Indicators.Storage;
using Indicators.Accounts;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Indicators.Web.Api;

/// <summary><c>GET /api/me</c>: the account an API token belongs to, so that a script can check its token.</summary>
public static class MeApi
{
    /// <summary>An account as the API shows it: no password, no sign-in state.</summary>
    public sealed record Me(long Id, string Email, string Name, string Role, string? Region);

    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", Results<Ok<Me>, UnauthorizedHttpResult> (ClaimsPrincipal principal, Database database) =>
        {
            using var connection = database.Connect();
            return principal.UserId() is { } id && new UserStore(connection).Get(id) is { Disabled: false } user
                ? TypedResults.Ok(new Me(user.Id, user.Email, user.DisplayName, user.Role, user.RegionCode))
                : TypedResults.Unauthorized();
        }).RequireAuthorization("api");
        return app;
    }
}
