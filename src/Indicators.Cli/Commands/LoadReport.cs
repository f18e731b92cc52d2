using System.Globalization;
using Indicators.Submissions;
using Spectre.Console;

namespace Indicators.Cli.Commands;

/// <summary>Uploads: how many, how fast, and how long the portal took to answer (every upload, new files and duplicates alike).</summary>
internal sealed record UploadFigures(int Total, IReadOnlyDictionary<string, int> ByKind, int Failed, double PerSecond, long RowsSent, double RowsPerSecond, double P50Ms, double P95Ms, double MaxMs);

/// <summary>
/// The imports behind the uploads: when the last one finished, the accepted rows per second over
/// that time, and how long a new file waited from receipt to its final status (the import queue included).
/// </summary>
internal sealed record ProcessingFigures(double LoadSeconds, double AllImportedAfterSeconds, long RowsAccepted, double AcceptedRowsPerSecond, double FinalP50Seconds, double FinalP95Seconds, double FinalMaxSeconds);

/// <summary>The planners' downloads (a pack's 404 is a quarter without figures yet).</summary>
internal sealed record DownloadFigures(int Total, int Csv, int Packs, int PacksWithoutFigures, int Failed, double P50Ms, double P95Ms, double MaxMs);

/// <summary>One outcome: uploads that should end so, those the API lists so, those the database holds so.</summary>
internal sealed record OutcomeCount(string Outcome, int Expected, int Api, int? Database);

/// <summary>What <c>indicators load --json</c> prints.</summary>
internal sealed record LoadFigures(
    string Url,
    bool StartedPortal,
    string Machine,
    int Clients,
    int Planners,
    double Seconds,
    int RowsPerSheet,
    UploadFigures Uploads,
    ProcessingFigures Processing,
    DownloadFigures Downloads,
    IReadOnlyList<OutcomeCount> Accounting,
    long RowsExpected,
    long RowsApi,
    long? RowsDatabase,
    IReadOnlyList<string> Mismatches,
    IReadOnlyList<JobCount>? Jobs,
    double? PortalPeakMegabytes,
    double LoadCpuSeconds,
    IReadOnlyList<string> Notes);

/// <summary>Sums up a load run: throughput, percentiles, the accounting, and prints it.</summary>
internal static class LoadReport
{
    public static LoadFigures Sum(
        LoadRun run,
        IReadOnlyList<UploadRecord> uploads,
        IReadOnlyList<DownloadRecord> downloads,
        IReadOnlyDictionary<long, SubmissionView> api,
        IReadOnlyDictionary<long, DatabaseView>? db,
        List<string> mismatches,
        (double Load, double Settled) seconds,
        IReadOnlyList<JobCount>? jobs,
        double? portalPeakMb,
        List<string> notes)
    {
        var times = uploads.Select(u => u.Milliseconds).Order().ToList();
        var sent = uploads.Count(u => u.Problem is null);
        var rowsSent = uploads.Where(u => u.Problem is null).Sum(u => (long)u.Rows);
        var byKind = Enum.GetValues<UploadKind>().ToDictionary(k => k.ToString(), k => uploads.Count(u => u.Kind == k));
        var ours = uploads.Where(u => u.Id is not null).Select(u => u.Id!.Value).ToHashSet();
        var views = api.Values.Where(s => ours.Contains(s.Id)).ToList();
        var accepted = views.Sum(s => (long)s.RowsAccepted);
        var uploadFigures = new UploadFigures(
            uploads.Count, byKind, uploads.Count - sent, sent / seconds.Load, rowsSent, rowsSent / seconds.Load,
            Percentile(times, 0.50), Percentile(times, 0.95), times.Count == 0 ? 0 : times[^1]);
        var toFinal = views.Where(v => v.Status != SubmissionStatus.Duplicate && v.SecondsToFinal is not null).Select(v => v.SecondsToFinal!.Value).Order().ToList();
        var processing = new ProcessingFigures(
            seconds.Load, seconds.Settled, accepted, accepted / seconds.Settled, Percentile(toFinal, 0.50), Percentile(toFinal, 0.95), toFinal.Count == 0 ? 0 : toFinal[^1]);

        var dl = downloads.Select(d => d.Milliseconds).Order().ToList();
        var downloadFigures = new DownloadFigures(
            downloads.Count,
            downloads.Count(d => d.Kind == "csv"),
            downloads.Count(d => d.Kind == "pack"),
            downloads.Count(d => d.Kind == "pack" && d.HttpStatus == 404),
            downloads.Count(d => d.Problem is not null),
            Percentile(dl, 0.50),
            Percentile(dl, 0.95),
            dl.Count == 0 ? 0 : dl[^1]);

        var outcomes = new List<OutcomeCount>();
        foreach (var status in new[] { SubmissionStatus.Accepted, SubmissionStatus.AcceptedWithErrors, SubmissionStatus.Rejected, SubmissionStatus.Duplicate, SubmissionStatus.Pending })
        {
            outcomes.Add(new OutcomeCount(
                status,
                uploads.Count(u => u.Problem is null && status != SubmissionStatus.Pending && LoadSheets.ExpectedStatus(u.Kind) == status),
                views.Count(s => s.Status == status),
                db?.Values.Count(d => d.Status == status)));
        }

        outcomes.Add(new OutcomeCount("failed upload (no submission)", 0, uploads.Count - sent, null));
        outcomes.Add(new OutcomeCount("total", uploads.Count, views.Count, db?.Count));

        // Rows stored: every good sheet whole, and the valid rows of those with errors as the API counts them.
        var withErrors = uploads.Where(u => u.Kind == UploadKind.WithErrors && u.Id is not null).Select(u => u.Id!.Value).ToHashSet();
        var rowsExpected = uploads.Where(u => u.Kind == UploadKind.Good && u.Problem is null).Sum(u => (long)u.Rows)
            + views.Where(s => withErrors.Contains(s.Id)).Sum(s => (long)s.RowsAccepted);
        return new LoadFigures(
            run.Url.ToString(), run.StartedPortal, BenchAll.MachineDescription(), run.Clients, run.Planners, run.Seconds, run.Rows,
            uploadFigures, processing, downloadFigures, outcomes, rowsExpected, accepted, db?.Values.Sum(d => d.Responses),
            mismatches, jobs, portalPeakMb, Math.Round(CpuSeconds(), 1), notes);
    }

    public static void Print(LoadFigures f)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160;
        }

        string N(double v, string format = "N0") => v.ToString(format, CultureInfo.InvariantCulture);
        Console.WriteLine($"indicators load: {f.Clients} clients and {f.Planners} planners for {N(f.Seconds)} s on {f.Url}{(f.StartedPortal ? " (a portal of its own, SQLite)" : string.Empty)}, {N(f.RowsPerSheet)} rows per sheet; {f.Machine}");
        var u = f.Uploads;
        var table = new Table().Border(TableBorder.Rounded).AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("uploads answered", $"{N(u.Total - u.Failed)} ({N(u.PerSecond, "F1")}/s; {string.Join(", ", u.ByKind.Where(k => k.Value > 0).Select(k => $"{k.Key} {N(k.Value)}"))})");
        table.AddRow("rows sent", $"{N(u.RowsSent)} ({N(u.RowsPerSecond)}/s)");
        table.AddRow("upload response time p50 / p95 / max", $"{N(u.P50Ms)} / {N(u.P95Ms)} / {N(u.MaxMs)} ms");
        table.AddRow("failed uploads", N(u.Failed));
        table.AddRow("every import finished", $"{N(f.Processing.AllImportedAfterSeconds, "F1")} s after the start ({N(f.Processing.RowsAccepted)} rows accepted, {N(f.Processing.AcceptedRowsPerSecond)}/s)");
        table.AddRow("new file received to final status p50 / p95 / max", $"{N(f.Processing.FinalP50Seconds, "F1")} / {N(f.Processing.FinalP95Seconds, "F1")} / {N(f.Processing.FinalMaxSeconds, "F1")} s");
        var d = f.Downloads;
        table.AddRow("downloads (CSV / packs)", $"{N(d.Total)} ({N(d.Csv)} / {N(d.Packs)}, {N(d.PacksWithoutFigures)} packs without figures yet), {N(d.Failed)} failed");
        table.AddRow("download response time p50 / p95 / max", $"{N(d.P50Ms)} / {N(d.P95Ms)} / {N(d.MaxMs)} ms");
        foreach (var j in f.Jobs ?? [])
        {
            table.AddRow($"job {j.Job}", $"{N(j.Succeeded)} succeeded, {N(j.Failed)} failed (retried), {N(j.Queued)} still queued when counted");
        }

        if (f.PortalPeakMegabytes is { } peak)
        {
            table.AddRow("portal peak working set", $"{N(peak)} MB");
        }

        table.AddRow("load generator CPU", $"{N(f.LoadCpuSeconds, "F0")} s");
        AnsiConsole.Write(table);

        var accounting = new Table().Border(TableBorder.Rounded).AddColumn("outcome").AddColumn(new TableColumn("expected").RightAligned())
            .AddColumn(new TableColumn("API").RightAligned()).AddColumn(new TableColumn("database").RightAligned());
        foreach (var o in f.Accounting)
        {
            accounting.AddRow(Markup.Escape(o.Outcome), N(o.Expected), N(o.Api), o.Database is { } n ? N(n) : "—");
        }

        accounting.AddRow("rows stored", N(f.RowsExpected), N(f.RowsApi), f.RowsDatabase is { } r ? N(r) : "—");
        AnsiConsole.Write(accounting);
        foreach (var note in f.Notes)
        {
            Console.WriteLine(note);
        }

        Console.WriteLine(f.Mismatches.Count == 0 ? "every upload accounted for" : $"{f.Mismatches.Count} mismatches:");
        foreach (var m in f.Mismatches.Take(30))
        {
            Console.WriteLine("  " + m);
        }
    }

    private static double CpuSeconds()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="p"/> of the values at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
