using System.CommandLine;
using Indicators.Storage;

namespace Indicators.Cli.Commands;

/// <summary><c>indicators db migrate [--db PATH]</c>.</summary>
internal static class DbCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var lang = CommonOptions.Lang();
        var migrate = new Command("migrate", "Create or update the database schema.") { db, lang };
        migrate.SetAction(parse =>
        {
            var l = CommonOptions.ParseLang(parse.GetValue(lang)!);
            var database = Database.Open(parse.GetValue(db), migrate: false);
            foreach (var name in Migrator.Migrate(database))
            {
                Console.WriteLine(CliText.Get("applied", l, name));
            }

            Console.WriteLine(CliText.Get("migrated", l, database.Display));
            return 0;
        });
        return new Command("db", "Database administration.") { migrate };
    }
}
