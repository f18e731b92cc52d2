using System.CommandLine;
using Indicators.Accounts;
using Indicators.Storage;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary>
/// <c>indicators users add|list|token|password|disable|enable</c>: portal accounts. The first
/// administrator is made here: <c>indicators users add --role admin --email ... --password-stdin</c>.
/// </summary>
internal static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", "Portal accounts: add, list, API tokens, passwords, disable.");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Token());
        command.Subcommands.Add(Password());
        command.Subcommands.Add(Disable("disable", true));
        command.Subcommands.Add(Disable("enable", false));
        return command;
    }

    private static Option<string> Email() => new("--email") { Description = "The account's e-mail address (its sign-in name).", Required = true };

    private static Option<string?> PasswordOption() => new("--password")
    {
        Description = "The password (at least 10 characters). Prefer --password-stdin or INDICATORS_PASSWORD: a command line is visible to other users.",
    };

    private static Option<bool> PasswordStdin() => new("--password-stdin") { Description = "Read the password from the first line of standard input." };

    private static Command Add()
    {
        var db = CommonOptions.Db();
        var lang = CommonOptions.Lang();
        var email = Email();
        var role = new Option<string>("--role") { Description = "admin, observatory (needs --region) or planner (all regions, or --region).", Required = true };
        var region = CommonOptions.Region();
        var name = new Option<string?>("--name") { Description = "Name shown in the portal (default: the e-mail address)." };
        var password = PasswordOption();
        var stdin = PasswordStdin();
        var command = new Command("add", "Create an account.") { db, lang, email, role, region, name, password, stdin };
        command.SetAction(parse => Run(parse.GetValue(lang)!, l =>
        {
            using var c = Database.Open(parse.GetValue(db)).Connect();
            var secret = ReadPassword(parse.GetValue(password), parse.GetValue(stdin), l);
            var user = new UserStore(c).Add(parse.GetValue(email)!, parse.GetValue(name) ?? string.Empty, parse.GetValue(role)!, parse.GetValue(region), secret, parse.GetValue(lang)!);
            Console.WriteLine(Say(l, $"Compte créé : {user.Email} ({user.Role}{Region(user)}).", $"تم إنشاء الحساب: {user.Email} ({user.Role}{Region(user)}).", $"Account created: {user.Email} ({user.Role}{Region(user)})."));
        }));
        return command;
    }

    private static Command List()
    {
        var db = CommonOptions.Db();
        var lang = CommonOptions.Lang();
        var command = new Command("list", "List the accounts.") { db, lang };
        command.SetAction(parse => Run(parse.GetValue(lang)!, l =>
        {
            using var c = Database.Open(parse.GetValue(db)).Connect();
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("E-mail", Say(l, "Nom", "الاسم", "Name"), Say(l, "Rôle", "الدور", "Role"), Say(l, "Région", "الجهة", "Region"), Say(l, "État", "الحالة", "State"), Say(l, "Dernière connexion", "آخر دخول", "Last sign-in"));
            foreach (var u in new UserStore(c).List())
            {
                table.AddRow(
                    Markup.Escape(u.Email),
                    Markup.Escape(u.DisplayName),
                    u.Role,
                    u.RegionCode ?? "*",
                    u.Disabled ? Say(l, "désactivé", "معطل", "disabled") : Say(l, "actif", "نشط", "active"),
                    u.LastLoginAt ?? "—");
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Token()
    {
        var db = CommonOptions.Db();
        var lang = CommonOptions.Lang();
        var email = Email();
        var name = new Option<string>("--name") { Description = "What the token is for (shown in the portal).", DefaultValueFactory = _ => "script" };
        var command = new Command("token", "Create an API token for an account; it is printed once.") { db, lang, email, name };
        command.SetAction(parse => Run(parse.GetValue(lang)!, l =>
        {
            using var c = Database.Open(parse.GetValue(db)).Connect();
            var store = new UserStore(c);
            var user = Find(store, parse.GetValue(email)!, l);
            var (_, secret) = store.CreateToken(user.Id, parse.GetValue(name)!);
            Console.Error.WriteLine(Say(l, "Jeton créé ; il ne sera plus affiché :", "تم إنشاء الرمز؛ لن يعرض مرة أخرى:", "Token created; it will not be shown again:"));
            Console.WriteLine(secret);
        }));
        return command;
    }

    private static Command Password()
    {
        var db = CommonOptions.Db();
        var lang = CommonOptions.Lang();
        var email = Email();
        var password = PasswordOption();
        var stdin = PasswordStdin();
        var command = new Command("password", "Set an account's password (and unlock it).") { db, lang, email, password, stdin };
        command.SetAction(parse => Run(parse.GetValue(lang)!, l =>
        {
            using var c = Database.Open(parse.GetValue(db)).Connect();
            var store = new UserStore(c);
            var user = Find(store, parse.GetValue(email)!, l);
            store.SetPassword(user.Id, ReadPassword(parse.GetValue(password), parse.GetValue(stdin), l));
            Console.WriteLine(Say(l, $"Mot de passe changé : {user.Email}.", $"تم تغيير كلمة المرور: {user.Email}.", $"Password changed: {user.Email}."));
        }));
        return command;
    }

    private static Command Disable(string verb, bool disabled)
    {
        var db = CommonOptions.Db();
        var lang = CommonOptions.Lang();
        var email = Email();
        var command = new Command(verb, disabled ? "Disable an account (it can no longer sign in or use its tokens)." : "Enable a disabled account.") { db, lang, email };
        command.SetAction(parse => Run(parse.GetValue(lang)!, l =>
        {
            using var c = Database.Open(parse.GetValue(db)).Connect();
            var store = new UserStore(c);
            var user = Find(store, parse.GetValue(email)!, l);
            store.SetDisabled(user.Id, disabled);
            Console.WriteLine(disabled
                ? Say(l, $"Compte désactivé : {user.Email}.", $"تم تعطيل الحساب: {user.Email}.", $"Account disabled: {user.Email}.")
                : Say(l, $"Compte réactivé : {user.Email}.", $"تم تفعيل الحساب: {user.Email}.", $"Account enabled: {user.Email}."));
        }));
        return command;
    }

    private static int Run(string langText, Action<Lang> action)
    {
        var l = CommonOptions.ParseLang(langText);
        try
        {
            action(l);
            return 0;
        }
        catch (AccountException e)
        {
            Console.Error.WriteLine(e.Text[l]);
            return 2;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    private static UserAccount Find(UserStore store, string email, Lang l) => store.FindByEmail(email)
        ?? throw new UsageException(Say(l, $"Aucun compte « {email} ».", $"لا يوجد حساب « {email} ».", $"No account '{email}'."));

    private static string ReadPassword(string? given, bool fromStdin, Lang l)
    {
        var password = fromStdin ? Console.In.ReadLine() : given ?? Environment.GetEnvironmentVariable("INDICATORS_PASSWORD");
        return password ?? throw new UsageException(Say(
            l,
            "Donnez le mot de passe avec --password-stdin, --password ou INDICATORS_PASSWORD.",
            "أعطوا كلمة المرور عبر ‎--password-stdin‎ أو ‎--password‎ أو INDICATORS_PASSWORD.",
            "Give the password with --password-stdin, --password or INDICATORS_PASSWORD."));
    }

    private static string Region(UserAccount u) => u.RegionCode is { } r ? ", " + r : string.Empty;

    private static string Say(Lang l, string fr, string ar, string en) => new LocalizedText(fr, ar, en)[l];
}
