using Indicators.Accounts;
using Indicators.Storage;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages;

/// <summary>The language switch: remembered in a cookie and, for a signed-in user, on the account.</summary>
public sealed class LangModel(Database database) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public IActionResult OnPost(string? lang, string? returnUrl)
    {
        if (Languages.Parse(lang) is { } chosen)
        {
            Languages.Remember(Response, chosen);
            if (User.UserId() is { } id)
            {
                using var connection = database.Connect();
                new UserStore(connection).SetLang(id, lang!);
            }
        }

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
