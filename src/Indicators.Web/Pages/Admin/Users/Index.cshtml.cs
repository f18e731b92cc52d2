using Indicators.Accounts;
using Indicators.Storage;
using Indicators.Web.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Indicators.Web.Pages.Admin.Users;

/// <summary>The accounts: the list, with their state, and the form that adds one.</summary>
public sealed class IndexModel(Database database, PageText text, ILogger<IndexModel> logger) : PageModel
{
    public IReadOnlyList<UserAccount> Users { get; private set; } = [];

    [BindProperty]
    public NewAccount Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public long? Added { get; set; }

    /// <summary>Why the account was not added, in the page language.</summary>
    public string? Problem { get; private set; }

    public void OnGet() => Load();

    public IActionResult OnPostAdd()
    {
        using (var connection = database.Connect())
        {
            try
            {
                var user = new UserStore(connection).Add(Input.Email ?? string.Empty, Input.Name ?? string.Empty, Input.Role ?? string.Empty, Blank(Input.Region), Input.Password ?? string.Empty);
                logger.LogInformation("Account {Email} ({Role}) added by {Admin}", user.Email, user.Role, User.UserId());
                return Redirect($"/admin/users?added={user.Id}");
            }
            catch (AccountException e)
            {
                Problem = text.Of(e.Text);
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        Load();
        return Page();
    }

    /// <summary>Whether the account is locked out now by failed sign-ins.</summary>
    public static bool IsLocked(UserAccount user, DateTimeOffset now) =>
        user.LockedUntil is { } until && string.CompareOrdinal(until, SubmissionStore.Iso(now)) > 0;

    internal static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private void Load()
    {
        using var connection = database.Connect();
        Users = new UserStore(connection).List();
    }

    /// <summary>The add-an-account form.</summary>
    public sealed class NewAccount
    {
        public string? Email { get; set; }

        public string? Name { get; set; }

        public string? Role { get; set; } = Roles.Observatory;

        public string? Region { get; set; }

        public string? Password { get; set; }
    }
}
