using Indicators.Accounts;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages;

/// <summary>Home: each role's first page.</summary>
public sealed class IndexModel(CurrentUser me) : PageModel
{
    public IActionResult OnGet() => me.Account?.Role switch
    {
        Roles.Admin => Redirect("/admin"),
        Roles.Observatory => Redirect("/submissions"),
        Roles.Planner => Redirect("/dashboard"),
        _ => Redirect("/account/login"),
    };
}
