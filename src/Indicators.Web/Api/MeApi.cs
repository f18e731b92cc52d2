namespace Indicators.Web.Api;

public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app) => app;
}
