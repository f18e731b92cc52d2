using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages;

/// <summary>What users see when something fails: a plain message in their language and a reference for the logs, never a stack trace.</summary>
[IgnoreAntiforgeryToken]
[ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
public sealed class ErrorModel(ILogger<ErrorModel> logger) : PageModel
{
    public string TitleKey { get; private set; } = "error.title";

    public string TextKey { get; private set; } = "error.text";

    public string? RequestId { get; private set; }

    public void OnGet(int? code) => Describe(code);

    public void OnPost(int? code) => Describe(code);

    private void Describe(int? code)
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        if (HttpContext.Features.Get<IExceptionHandlerPathFeature>() is { } failure)
        {
            logger.LogError(failure.Error, "Unhandled error on {Path} (request {RequestId})", failure.Path, RequestId);
        }

        (TitleKey, TextKey) = code switch
        {
            404 => ("error.404.title", "error.404.text"),
            400 => ("error.400.title", "error.400.text"),
            413 => ("error.413.title", "error.413.text"),
            403 => ("denied.title", "denied.text"),
            _ => ("error.title", "error.text"),
        };
        if (code is >= 400 and < 600)
        {
            Response.StatusCode = code.Value;
        }
    }
}
