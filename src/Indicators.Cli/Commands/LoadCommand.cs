using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Indicators.Accounts;
using Indicators.Storage;

namespace Indicators.Cli.Commands;

/// <summary>The settings of one load run.</summary>
internal sealed record LoadRun(Uri Url, bool StartedPortal, int Clients, int Planners, double Seconds, int Rows);

/// <summary>
/// <c>indicators load</c>: clients uploading generated sheets at once through the portal's API (a
/// mix of good, faulty, unreadable and duplicate files over the three regions) and planners
/// downloading the indicators' CSV and packs, for a given time on 127.0.0.1; then every upload is
/// waited for and accounted for through the API and, given the portal's database, in it. Prints
/// throughput and response times; exit 1 when any upload is not accounted for or a request failed.
/// With <c>--start-portal</c> it starts a portal of its own on a temp SQLite database.
/// </summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var url = new Option<string?>("--url") { Description = "The portal, on this machine (http://127.0.0.1:PORT)." };
        var tokens = new Option<string[]>("--token") { Description = "API tokens to upload and download with (observatories or an administrator upload; planners download). Repeatable.", AllowMultipleArgumentsPerToken = true };
        var db = CommonOptions.Db();
        db.Description = "The portal's database: without --token, the load makes its own accounts there (disabled after); the counts are checked there.";
        var start = new Option<bool>("--start-portal") { Description = "Start a portal of its own (dotnet Indicators.Web.dll) on a free loopback port and a temp SQLite database, stopped after." };
        var dll = new Option<string?>("--portal-dll") { Description = "The portal to start (default: Indicators.Web.dll next to this program or in src/Indicators.Web/bin above it)." };
        var clients = new Option<int>("--clients") { Description = "Clients uploading at once.", DefaultValueFactory = _ => 20 };
        var planners = new Option<int>("--planners") { Description = "Planners downloading at once.", DefaultValueFactory = _ => 2 };
        var seconds = new Option<double>("--seconds") { Description = "How long the clients upload.", DefaultValueFactory = _ => 120 };
        var rows = new Option<int>("--rows") { Description = "Rows per sheet.", DefaultValueFactory = _ => 500 };
        var pause = new Option<double>("--planner-pause") { Description = "Seconds a planner waits between downloads.", DefaultValueFactory = _ => 1 };
        var settle = new Option<double>("--settle-timeout") { Description = "Seconds to wait, after the load, for every import to finish.", DefaultValueFactory = _ => 1800 };
        var work = new Option<DirectoryInfo?>("--work") { Description = "Folder for the started portal's database, files and log (default: a temp folder, removed after unless the run fails)." };
        var json = CommonOptions.Json();
        var command = new Command("load", "Load test: clients uploading sheets through the portal at once, planners downloading; every upload accounted for.")
        {
            url, tokens, db, start, dll, clients, planners, seconds, rows, pause, settle, work, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            try
            {
                Uri? portalUrl = null;
                if (parse.GetValue(url) is { } given && !Uri.TryCreate(given, UriKind.Absolute, out portalUrl))
                {
                    throw new UsageException($"--url {given}: not an address such as http://127.0.0.1:5000");
                }

                return await Run(
                    portalUrl,
                    parse.GetValue(tokens) ?? [],
                    parse.GetValue(db),
                    parse.GetValue(start),
                    parse.GetValue(dll),
                    new LoadRun(new Uri("http://127.0.0.1"), false, Math.Max(1, parse.GetValue(clients)), Math.Max(0, parse.GetValue(planners)), Math.Max(1, parse.GetValue(seconds)), parse.GetValue(rows)),
                    TimeSpan.FromSeconds(parse.GetValue(pause)),
                    TimeSpan.FromSeconds(parse.GetValue(settle)),
                    parse.GetValue(work),
                    parse.GetValue(json),
                    cancellation).ConfigureAwait(false);
            }
            catch (UsageException e)
            {
                await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
                return 1;
            }
        });
        return command;
    }

    private static async Task<int> Run(Uri? url, string[] tokens, string? dbOption, bool startPortal, string? dll, LoadRun run, TimeSpan pause, TimeSpan settleTimeout, DirectoryInfo? work, bool json, CancellationToken cancellation)
    {
        if (startPortal == (url is not null))
        {
            throw new UsageException("Give either --url of a running portal or --start-portal.");
        }

        if (run.Rows < LoadSheets.MinRows)
        {
            throw new UsageException($"--rows {run.Rows}: at least {LoadSheets.MinRows}, so that each kind of sheet ends as it must.");
        }

        if (url is not null && !url.IsLoopback)
        {
            throw new UsageException($"--url {url}: the load runs against a portal on this machine only (127.0.0.1, localhost).");
        }

        var tag = Guid.NewGuid().ToString("N")[..6];
        var folder = work?.FullName ?? Path.Combine(Path.GetTempPath(), "indicators-load-" + tag);
        Directory.CreateDirectory(folder);
        var notes = new List<string>();
        LoadPortal? portal = null;
        Database? database = null;
        List<LoadAccount> accounts = [];
        var made = false;
        var exit = 1;
        try
        {
            if (startPortal)
            {
                var portalDll = LoadPortal.FindDll(dll);
                var dbPath = Path.Combine(folder, "portal", "indicators.db");
                Directory.CreateDirectory(Path.GetDirectoryName(dbPath)!);
                database = Database.Open(dbPath);
                accounts = LoadAccounts.Create(database, tag, withAdmin: true);
                Console.Error.WriteLine($"load: starting the portal ({portalDll})");
                portal = LoadPortal.Start(portalDll, Path.GetDirectoryName(dbPath)!, dbPath, accounts.First(a => a.Role == Roles.Admin).Token);

                // Interrupted (Ctrl+C): the portal goes at once, whatever the clients are doing.
                var started = portal;
                cancellation.Register(started.Kill);
                url = portal.Url;
                notes.Add(work is null
                    ? $"The portal ran on {url} with SQLite in a temp folder (kept only if the run fails)."
                    : $"The portal ran on {url} with SQLite; its database and log (portal.log) are in {Path.GetDirectoryName(dbPath)}.");
            }
            else
            {
                database = dbOption is null ? null : Database.Open(dbOption, migrate: false);
                if (tokens.Length == 0)
                {
                    database = database ?? throw new UsageException("Give --token (one or more), or --db of the portal for the load to make its own accounts, or --start-portal.");
                    accounts = LoadAccounts.Create(database, tag, withAdmin: false);
                    made = true;
                    notes.Add($"Accounts load-{tag}-… were made for this run, and disabled after.");
                }
                else
                {
                    using var probe = Http(url!, 4);
                    accounts = await LoadAccounts.Describe(probe, tokens).ConfigureAwait(false);
                }

                if (database is null)
                {
                    notes.Add("No --db: the database counts were not checked, only the API's.");
                }
            }

            run = run with { Url = url!, StartedPortal = startPortal };
            var uploaders = accounts.Where(a => a.CanUpload).ToList();
            if (uploaders.Count == 0)
            {
                throw new UsageException("None of the tokens may upload: give an observatory's or an administrator's.");
            }

            var readers = accounts.Where(a => a.Role == Roles.Admin).Take(1).ToList() is { Count: 1 } admin ? admin : uploaders;
            var downloaders = accounts.Where(a => a.Role == Roles.Planner).ToList() is { Count: > 0 } p ? p : [accounts[0]];
            if (run.Planners > 0 && downloaders.All(a => a.Password is null))
            {
                notes.Add("Planners downloaded the API's CSV only: packs need a signed-in session, which only accounts made by the load have.");
            }

            var before = database is null ? 0 : LoadAccounting.LastId(database);
            var began = DateTimeOffset.UtcNow;
            using var http = Http(url!, run.Clients + run.Planners + 8);
            var clock = Stopwatch.StartNew();
            var clients = new LoadClients(http, url!, run.Rows, tag, DateTime.UtcNow.AddSeconds(run.Seconds));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load: {run.Clients} clients and {run.Planners} planners for {run.Seconds} s on {url}"));
            var uploading = Enumerable.Range(0, run.Clients).Select(i => Task.Run(() => clients.Upload(i, uploaders[i % uploaders.Count]))).ToList();
            var planning = Enumerable.Range(0, run.Planners).Select(i => Task.Run(() => clients.Plan(i, downloaders[i % downloaders.Count], pause))).ToList();
            using (var ticker = new Timer(_ => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load: {clients.Sent:N0} uploads answered ({clock.Elapsed.TotalSeconds:F0} s)")), null, 10_000, 10_000))
            {
                await Task.WhenAll(uploading.Cast<Task>().Concat(planning)).ConfigureAwait(false);
            }

            var loadSeconds = clock.Elapsed.TotalSeconds;
            var uploads = uploading.SelectMany(t => t.Result).ToList();
            var downloads = planning.SelectMany(t => t.Result).ToList();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load: {uploads.Count:N0} uploads in {loadSeconds:F0} s; waiting for every import to finish"));
            var ours = uploads.Where(u => u.Id is not null).Select(u => u.Id!.Value).ToHashSet();
            var api = await LoadAccounting.Settle(http, readers, ours, settleTimeout).ConfigureAwait(false);
            var settledSeconds = clock.Elapsed.TotalSeconds;
            var db = database is null ? null : LoadAccounting.Read(database, before);
            var jobs = database is null ? null : LoadAccounting.Jobs(database, began);
            var mismatches = LoadAccounting.Check(uploads, api, db);
            mismatches.AddRange(downloads.Where(d => d.Problem is not null).Select(d => $"download {d.Kind}: {d.Problem}").Distinct().Take(20));
            var figures = LoadReport.Sum(run, uploads, downloads, api, db, mismatches, (loadSeconds, settledSeconds), jobs, portal?.PeakWorkingSet() / 1048576.0, notes);
            if (json)
            {
                BenchJson.Print(figures);
            }
            else
            {
                LoadReport.Print(figures);
            }

            exit = mismatches.Count == 0 ? 0 : 1;
            return exit;
        }
        finally
        {
            portal?.Dispose();
            if (made && database is not null)
            {
                LoadAccounts.Retire(database, accounts);
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (work is null && exit == 0)
            {
                Directory.Delete(folder, recursive: true);
            }
            else if (work is null)
            {
                Console.Error.WriteLine($"load: kept {folder} (the portal's database and log)");
            }
        }
    }

    private static HttpClient Http(Uri url, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        AllowAutoRedirect = false,
    })
    {
        BaseAddress = url,
        Timeout = TimeSpan.FromMinutes(10),
    };
}
