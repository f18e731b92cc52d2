using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Indicators.Forms;
using Indicators.Storage;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary><c>indicators submissions [--db PATH] [--json]</c>.</summary>
internal static class SubmissionsCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var json = CommonOptions.Json();
        var lang = CommonOptions.Lang();
        var region = CommonOptions.Region();
        var quarter = CommonOptions.Quarter();
        var command = new Command("submissions", "List submissions and their outcome.") { db, json, lang, region, quarter };
        command.SetAction(parse =>
        {
            var l = CommonOptions.ParseLang(parse.GetValue(lang)!);
            var regionCode = parse.GetValue(region) is { } rt ? CommonOptions.RegionOrThrow(rt, l).Code : null;
            var database = Database.Open(parse.GetValue(db));
            using var connection = database.Connect();
            var list = new SubmissionStore(connection).List(regionCode, parse.GetValue(quarter));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(list, new JsonSerializerOptions(JsonSerializerDefaults.Web)
                {
                    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                }));
                return 0;
            }

            if (list.Count == 0)
            {
                Console.WriteLine(CliText.Get("noSubmissions", l));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded);
            foreach (var key in new[] { "submission", "region", "quarter", "batch", "file", "status", "active", "rowsRead", "rowsAccepted", "rowsRejected", "created" })
            {
                table.AddColumn(Markup.Escape(CliText.Get(key, l)));
            }

            foreach (var s in list)
            {
                table.AddRow(
                    s.Id.ToString(CultureInfo.InvariantCulture),
                    s.RegionCode,
                    s.Quarter,
                    Markup.Escape(s.BatchLabel),
                    Markup.Escape(s.FileName),
                    Markup.Escape(Messages.Default.Get("status." + s.Status)[l]),
                    CliText.Get(s.IsActive ? "yes" : "no", l),
                    s.RowsRead.ToString(CultureInfo.InvariantCulture),
                    s.RowsAccepted.ToString(CultureInfo.InvariantCulture),
                    s.RowsRejected.ToString(CultureInfo.InvariantCulture),
                    s.CreatedAt);
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
