using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Indicators.Storage;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary><c>indicators jobs [--json] [--db PATH] [--limit N]</c>: the job history, newest first.</summary>
internal static class JobsCommand
{
    public static Command Create()
    {
        var db = CommonOptions.Db();
        var json = CommonOptions.Json();
        var lang = CommonOptions.Lang();
        var limit = new Option<int>("--limit") { Description = "Runs to show.", DefaultValueFactory = _ => 50 };
        var command = new Command("jobs", "The job history: job, parameters, node, start, end, outcome, error.") { db, json, lang, limit };
        command.SetAction(parse =>
        {
            var l = CommonOptions.ParseLang(parse.GetValue(lang)!);
            using var c = Database.Open(parse.GetValue(db)).Connect();
            var runs = new JobRunStore(c).Recent(parse.GetValue(limit));
            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(runs, new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                return 0;
            }

            if (runs.Count == 0)
            {
                Console.WriteLine(CliText.Get("noJobs", l));
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded);
            foreach (var key in new[] { "job", "parameters", "node", "started", "ended", "outcome", "detail" })
            {
                table.AddColumn(Markup.Escape(CliText.Get(key, l)));
            }

            foreach (var r in runs)
            {
                table.AddRow(
                    Markup.Escape(r.Job),
                    Markup.Escape(r.Parameters),
                    Markup.Escape(r.Node),
                    Time(r.StartedAt),
                    r.EndedAt is { } ended ? Time(ended) : "—",
                    Markup.Escape(CliText.Get("outcome." + r.Outcome, l)),
                    Markup.Escape(r.Error ?? r.Note ?? string.Empty));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>"2026-12-02T00:30:21.592Z" as "2026-12-02 00:30:21" (UTC).</summary>
    private static string Time(string iso) => iso.Length >= 19 ? iso[..19].Replace('T', ' ') : iso;
}
