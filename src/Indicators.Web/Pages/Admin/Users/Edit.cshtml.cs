using Indicators.Accounts;
using Indicators.Storage;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Admin.Users;

/// <summary>
/// One account: its name, role and region; a new password (which also lifts a lockout); disable
/// or enable. An administrator cannot disable their own account nor take away their own admin role.
/// </summary>
public sealed class EditModel(Database database, PageText text, ILogger<EditModel> logger) : PageModel
{
    /// <summary>What a successful post did, as shown after its redirect.</summary>
    public static readonly IReadOnlySet<string> Outcomes = new HashSet<string>(StringComparer.Ordinal) { "profile", "password", "disabled", "enabled" };

    public UserAccount Account { get; private set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public string? Problem { get; private set; }

    /// <summary>Whether the account is the administrator's own.</summary>
    public bool IsSelf => Account.Id == User.UserId();

    public IActionResult OnGet(long id) => Load(id) ? Page() : NotFound();

    public IActionResult OnPostProfile(long id, string? name, string? role, string? region)
    {
        if (!Load(id))
        {
            return NotFound();
        }

        if (IsSelf && role != Roles.Admin)
        {
            return Refuse("admin.users.own_role");
        }

        return Change(id, "profile", store =>
        {
            store.ChangeRole(id, role ?? string.Empty, IndexModel.Blank(region));
            store.SetDisplayName(id, name ?? string.Empty);
        });
    }

    public IActionResult OnPostPassword(long id, string? password) =>
        !Load(id) ? NotFound() : Change(id, "password", store => store.SetPassword(id, password ?? string.Empty));

    public IActionResult OnPostDisable(long id)
    {
        if (!Load(id))
        {
            return NotFound();
        }

        return IsSelf ? Refuse("admin.users.own_disable") : Change(id, "disabled", store => store.SetDisabled(id, true));
    }

    public IActionResult OnPostEnable(long id) =>
        !Load(id) ? NotFound() : Change(id, "enabled", store => store.SetDisabled(id, false));

    private IActionResult Change(long id, string outcome, Action<UserStore> change)
    {
        using (var connection = database.Connect())
        {
            try
            {
                change(new UserStore(connection));
                logger.LogInformation("Account {Id}: {Outcome} by {Admin}", id, outcome, User.UserId());
                return Redirect($"/admin/users/{id}?done={outcome}");
            }
            catch (AccountException e)
            {
                Problem = text.Of(e.Text);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private PageResult Refuse(string key)
    {
        Problem = text[key];
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }

    private bool Load(long id)
    {
        using var connection = database.Connect();
        if (new UserStore(connection).Get(id) is not { } account)
        {
            return false;
        }

        Account = account;
        if (Done is not null && !Outcomes.Contains(Done))
        {
            Done = null;
        }

        return true;
    }
}
