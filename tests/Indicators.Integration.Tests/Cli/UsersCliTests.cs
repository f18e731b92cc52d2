using System.Text.Json;
using Indicators.Accounts;
using Indicators.Storage;

namespace Indicators.Tests.Cli;

/// <summary><c>indicators users</c>: the first administrator, refusals in the asked language, tokens shown once.</summary>
public sealed class UsersCliTests : IDisposable
{
    private readonly TestWorkspace work = new();

    [Fact]
    public void The_first_admin_is_made_from_the_command_line_and_can_sign_in()
    {
        var (exit, stdout, stderr) = Run(new() { ["INDICATORS_PASSWORD"] = "first-admin-password" }, "users", "add", "--role", "admin", "--email", "Admin@Example.ma", "--name", "Première admin");
        Assert.True(exit == 0, stderr);
        Assert.Contains("admin@example.ma", stdout, StringComparison.Ordinal);

        using var c = Database.Open(work.PathOf("cli.db")).Connect();
        var store = new UserStore(c);
        var (outcome, user) = store.SignIn("admin@example.ma", "first-admin-password");
        Assert.Equal(SignInOutcome.Succeeded, outcome);
        Assert.Equal(("Première admin", Roles.Admin, (string?)null), (user!.DisplayName, user.Role, user.RegionCode));
        Assert.NotEqual("first-admin-password", user.PasswordHash);
    }

    [Fact]
    public void Refusals_are_clear_in_french_and_arabic_and_change_nothing()
    {
        var env = new Dictionary<string, string> { ["INDICATORS_PASSWORD"] = "long-enough-password" };
        var noRegion = Run(env, "users", "add", "--role", "observatory", "--email", "obs@example.ma", "--lang", "ar");
        Assert.Equal(2, noRegion.Exit);
        Assert.Contains("يجب أن يرتبط حساب المرصد بجهة", noRegion.Err, StringComparison.Ordinal);

        var weak = Run(new() { ["INDICATORS_PASSWORD"] = "short" }, "users", "add", "--role", "planner", "--email", "p@example.ma");
        Assert.Equal(2, weak.Exit);
        Assert.Contains("au moins 10 caractères", weak.Err, StringComparison.Ordinal);

        Assert.Equal(0, Run(env, "users", "add", "--role", "observatory", "--region", "souss-massa", "--email", "obs@example.ma").Exit);
        var twice = Run(env, "users", "add", "--role", "planner", "--email", "OBS@example.ma");
        Assert.Equal(2, twice.Exit);
        Assert.Contains("existe déjà", twice.Err, StringComparison.Ordinal);

        using var c = Database.Open(work.PathOf("cli.db")).Connect();
        var only = Assert.Single(new UserStore(c).List());
        Assert.Equal(("obs@example.ma", Roles.Observatory, "09"), (only.Email, only.Role, only.RegionCode));
    }

    [Fact]
    public void A_token_is_printed_once_and_signs_its_account_in_until_the_account_is_disabled()
    {
        var env = new Dictionary<string, string> { ["INDICATORS_PASSWORD"] = "long-enough-password" };
        Assert.Equal(0, Run(env, "users", "add", "--role", "planner", "--region", "02", "--email", "plan@example.ma").Exit);
        var (exit, stdout, _) = Run(null, "users", "token", "--email", "plan@example.ma", "--name", "nightly export");
        Assert.Equal(0, exit);
        var secret = stdout.Trim();
        Assert.StartsWith("ind_", secret, StringComparison.Ordinal);

        using (var c = Database.Open(work.PathOf("cli.db")).Connect())
        {
            Assert.Equal("plan@example.ma", new UserStore(c).FindByToken(secret)!.Email);
            Assert.DoesNotContain(secret, JsonSerializer.Serialize(new UserStore(c).Tokens(1)), StringComparison.Ordinal);
        }

        Assert.Equal(0, Run(null, "users", "disable", "--email", "plan@example.ma").Exit);
        using (var c = Database.Open(work.PathOf("cli.db")).Connect())
        {
            Assert.Null(new UserStore(c).FindByToken(secret));
            Assert.Equal(SignInOutcome.Disabled, new UserStore(c).SignIn("plan@example.ma", "long-enough-password").Outcome);
        }
    }

    public void Dispose() => work.Dispose();

    private (int Exit, string Out, string Err) Run(Dictionary<string, string>? env, params string[] args)
    {
        var e = env ?? [];
        e["INDICATORS_DB"] = work.PathOf("cli.db");
        return CliRunner.Run(work.Folder, e, args);
    }
}
