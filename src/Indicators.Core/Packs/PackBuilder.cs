using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Sheets.Xlsx;
using Indicators.Statistics;
using Indicators.Storage;
using Indicators.Submissions;
using Indicators.Submissions.Validation;

namespace Indicators.Packs;

/// <summary>A pack to build: one region (HCP code) or, with a null region, the national comparison.</summary>
public sealed record PackRequest(string? RegionCode, Quarter Quarter, Lang Lang, string OutputDirectory);

public sealed record PackResult(string ZipPath, IReadOnlyList<string> Entries, IReadOnlyList<long> Submissions);

/// <summary>
/// Builds a quarterly indicator pack from stored figures: a workbook with native charts, the same
/// charts as SVG, the indicators CSV and a manifest, zipped under a temporary name and moved into
/// place whole, so a half-written pack is never offered.
/// </summary>
public sealed class PackBuilder(Database database, Catalogue? catalogue = null, FormDefinition? form = null, Reference? reference = null, PackTexts? texts = null, TimeProvider? clock = null)
{
    private static readonly DateTimeOffset EntryTime = new(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Catalogue catalogue = catalogue ?? Catalogue.Default;
    private readonly FormDefinition form = form ?? FormDefinition.Default;
    private readonly Reference reference = reference ?? Reference.Default;
    private readonly PackTexts texts = texts ?? PackTexts.Default;
    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly PackCharts charts = new(catalogue, texts);

    public PackResult Build(PackRequest request)
    {
        var region = request.RegionCode is null ? null : reference.GetRegion(request.RegionCode);
        var q = request.Quarter.ToString();
        var lang = request.Lang;
        using var connection = database.Connect();
        var store = new IndicatorStore(connection);
        var run = store.CurrentRun(q);
        var regionKey = region?.Code ?? Dim.Total;
        var all = store.Values(region?.Code, null).ToList(); // a null region reads every region and _T
        if (!all.Any(v => v.Quarter == q && v.Region == regionKey))
        {
            throw new PackException(T("noData", lang, region?.Name[lang] ?? T("national", lang), q));
        }

        var submissions = SubmissionsUsed(connection, run, region?.Code);
        var data = new PackFigures(all, q);
        var slug = region?.Slug ?? "national";
        var baseName = $"{slug}-{q}-{LangCode(lang)}";
        Directory.CreateDirectory(request.OutputDirectory);
        var zipPath = Path.Combine(request.OutputDirectory, baseName + ".zip");
        var partial = PartialFiles.NameFor(zipPath);
        var entries = new List<(string Path, byte[] Bytes)>();
        var charts = new List<(string Name, ChartSpec Spec)>();

        using (var workbook = new MemoryStream())
        {
            using (var xlsx = new XlsxWriter(workbook) { FontName = "DejaVu Sans" })
            {
                var computed = run?.ComputedAt is { Length: >= 10 } at ? at[..10] : clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var ctx = new Context(lang, region, q, data, xlsx, charts, submissions, computed);
                if (region is null)
                {
                    WriteNational(ctx);
                }
                else
                {
                    WriteRegional(ctx);
                }
            }

            entries.Add((baseName + ".xlsx", workbook.ToArray()));
        }

        foreach (var (name, spec) in charts)
        {
            using var svg = new MemoryStream();
            SvgChart.Write(spec, svg);
            entries.Add(($"charts/{name}.svg", svg.ToArray()));
        }

        var csvValues = all.Where(v => v.Quarter == q && (region is null || v.Region == region.Code));
        entries.Add(($"{slug}-{q}-indicators.csv", Encoding.UTF8.GetBytes(IndicatorCsv.ToText(csvValues))));
        entries.Add(("manifest.json", Manifest(request, region, run, submissions, entries)));

        PartialFiles.RemoveStale(request.OutputDirectory);
        try
        {
            using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write))
            {
                using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                {
                    foreach (var (path, bytes) in entries)
                    {
                        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                        entry.LastWriteTime = EntryTime;
                        using var s = entry.Open();
                        s.Write(bytes);
                    }
                }

                // On disk before it takes the pack's name: a power cut cannot leave an empty zip behind it.
                file.Flush(flushToDisk: true);
            }

            File.Move(partial, zipPath, overwrite: true);
        }
        finally
        {
            File.Delete(partial); // nothing half-written stays behind (no-op once moved)
        }
        return new PackResult(zipPath, entries.Select(e => e.Path).ToList(), submissions.Select(s => s.Id).ToList());
    }

    private static string LangCode(Lang lang) => lang switch { Lang.Ar => "ar", Lang.En => "en", _ => "fr" };

    private string T(string key, Lang lang, params object[] args) => texts.Get(key, lang, args);

    private static List<Submission> SubmissionsUsed(System.Data.Common.DbConnection connection, IndicatorRun? run, string? region)
    {
        if (run is null || run.Submissions.Count == 0)
        {
            return [];
        }

        var list = new SubmissionStore(connection).List(region, run.Quarter);
        return list.Where(s => run.Submissions.Contains(s.Id)).OrderBy(s => s.RegionCode, StringComparer.Ordinal).ThenBy(s => s.Id).ToList();
    }

    private byte[] Manifest(PackRequest request, Region? region, IndicatorRun? run, List<Submission> submissions, List<(string Path, byte[] Bytes)> entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("region", region?.Code ?? Dim.Total);
            json.WriteString("regionSlug", region?.Slug ?? "national");
            json.WriteString("quarter", request.Quarter.ToString());
            json.WriteString("lang", LangCode(request.Lang));
            json.WriteString("builtAt", clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            json.WriteString("computedAt", run?.ComputedAt);
            json.WriteStartObject("catalogue");
            json.WriteString("id", run?.CatalogueId ?? catalogue.Id);
            json.WriteNumber("version", run?.CatalogueVersion ?? catalogue.Version);
            json.WriteEndObject();
            json.WriteStartObject("form");
            json.WriteString("id", form.Id);
            json.WriteNumber("version", form.Version);
            json.WriteEndObject();
            json.WriteStartArray("submissions");
            foreach (var s in submissions)
            {
                json.WriteStartObject();
                json.WriteNumber("id", s.Id);
                json.WriteString("region", s.RegionCode);
                json.WriteString("batch", s.BatchLabel);
                json.WriteString("sha256", s.Sha256);
                json.WriteNumber("rowsAccepted", s.RowsAccepted);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("files");
            foreach (var (path, bytes) in entries)
            {
                json.WriteStartObject();
                json.WriteString("path", path);
                json.WriteNumber("bytes", bytes.Length);
                json.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(bytes)));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    // ---- regional pack -------------------------------------------------------------------

    private void WriteRegional(Context c)
    {
        var region = c.Region!;
        var lang = c.Lang;
        var key = region.Code;
        var previous = Quarter.Parse(c.Quarter).Previous.ToString();
        var title = T("title", lang, region.Name[lang], PackCharts.QuarterLabel(c.Quarter, lang));

        // Summary: every indicator, this quarter and the previous one.
        {
            string[] headers = [T("theme", lang), T("indicator", lang), T("unit", lang), PackCharts.QuarterLabel(c.Quarter, lang), PackCharts.QuarterLabel(previous, lang), T("change", lang), T("ci", lang), T("flag", lang), T("n", lang)];
            double[] widths = [20, 40, 14, 12, 12, 11, 20, 8, 10];
            using var s = Sheet(c, "sheet.summary", widths, title, headers, T("changeNote", lang));
            foreach (var def in catalogue.Indicators)
            {
                var now = c.Data.Get(c.Quarter, key, def.Id, GroupKey.All);
                var before = c.Data.Get(previous, key, def.Id, GroupKey.All);
                s.NextRow(SheetWriter.HeightFor([(def.Theme[lang], 20), (def.Name[lang], 40), (def.Unit[lang], 14)]));
                s.Text(0, def.Theme[lang], XlsxStyle.Cell).Text(1, def.Name[lang], XlsxStyle.Cell).Text(2, def.Unit[lang], XlsxStyle.Cell);
                Value(s, 3, def, now);
                Value(s, 4, def, before);
                if (PackCharts.Shown(now) is { } a && PackCharts.Shown(before) is { } b)
                {
                    s.Number(5, def.IsPercent ? (a - b) * 100 : a - b, XlsxStyle.SignedDecimal);
                }
                else
                {
                    s.Blank(5, XlsxStyle.Cell);
                }

                s.Text(6, Interval(def, now, lang), XlsxStyle.Cell).Text(7, now?.Flag ?? string.Empty, XlsxStyle.Cell);
                s.Number(8, now?.N ?? 0, XlsxStyle.Integer);
            }
        }

        // By province: every indicator by province, then the key indicators charted.
        var provinces = region.Provinces.Where(p => c.Data.Has(c.Quarter, key, GroupKey.All with { Province = p.Code })).ToList();
        {
            var columns = new List<(string Header, GroupKey Group)> { (T("total", lang), GroupKey.All) };
            columns.AddRange(provinces.Select(p => (p.Name[lang], GroupKey.All with { Province = p.Code })));
            using var s = GroupTable(c, "sheet.province", title, key, columns);
            ProvinceCharts(c, s, key, provinces.Select(p => (p.Name[lang], p.Code)).ToList(), region.Name[lang]);
        }

        // Sex and age, with the pyramid.
        {
            var columns = new List<(string Header, GroupKey Group)> { (T("total", lang), GroupKey.All) };
            columns.AddRange(Codes("sex").Select(code => (CodeLabel("sex", code, lang), GroupKey.All with { Sex = code })));
            columns.AddRange(catalogue.AgeGroups.Select(g => (charts.AgeLabel(g.Code, lang), GroupKey.All with { AgeGroup = g.Code })));
            using var s = GroupTable(c, "sheet.sexAge", title, key, columns);
            Pyramid(c, s, key, region.Name[lang]);
        }

        // By category, and sex × category.
        {
            var columns = new List<(string Header, GroupKey Group)> { (T("total", lang), GroupKey.All) };
            columns.AddRange(Codes("category").Select(code => (CodeLabel("category", code, lang), GroupKey.All with { Category = code })));
            foreach (var sex in Codes("sex"))
            {
                columns.AddRange(Codes("category").Select(code => ($"{CodeLabel("sex", sex, lang)} — {CodeLabel("category", code, lang)}", GroupKey.All with { Sex = sex, Category = code })));
            }

            using var s = GroupTable(c, "sheet.category", title, key, columns);
        }

        Trends(c, title, [(region.Name[lang], key)], region.Name[lang]);
        Quality(c, title, [region]);
        Metadata(c, title);
    }

    // ---- national pack -------------------------------------------------------------------

    private void WriteNational(Context c)
    {
        var lang = c.Lang;
        var title = T("nationalTitle", lang, PackCharts.QuarterLabel(c.Quarter, lang));
        var regions = reference.Regions.Where(r => c.Data.Has(c.Quarter, r.Code, GroupKey.All)).ToList();
        var columns = regions.Select(r => (r.Name[lang], r.Code)).Append((T("national", lang), Dim.Total)).ToList();

        // Summary: the regions side by side, this quarter.
        {
            var widths = new List<double> { 20, 40, 14 };
            widths.AddRange(columns.Select(_ => 16.0));
            var headers = new List<string> { T("theme", lang), T("indicator", lang), T("unit", lang) };
            headers.AddRange(columns.Select(col => col.Item1));
            using var s = Sheet(c, "sheet.summary", widths, title, headers, null);
            foreach (var def in catalogue.Indicators)
            {
                s.NextRow(SheetWriter.HeightFor([(def.Theme[lang], 20), (def.Name[lang], 40), (def.Unit[lang], 14)]));
                s.Text(0, def.Theme[lang], XlsxStyle.Cell).Text(1, def.Name[lang], XlsxStyle.Cell).Text(2, def.Unit[lang], XlsxStyle.Cell);
                for (var i = 0; i < columns.Count; i++)
                {
                    Value(s, 3 + i, def, c.Data.Get(c.Quarter, columns[i].Item2, def.Id, GroupKey.All));
                }
            }

            // Key indicators by region: the chart reads the rows of the key indicators above.
            var keys = charts.KeyIndicators;
            s.NextRow();
            s.NextRow();
            s.Text(1, T("byRegionTitle", lang), XlsxStyle.Header);
            for (var i = 0; i < columns.Count - 1; i++)
            {
                s.Text(2 + i, columns[i].Item1, XlsxStyle.Header);
            }

            var first = s.CurrentRow + 1;
            foreach (var def in keys)
            {
                s.NextRow();
                s.Text(1, def.Name[lang], XlsxStyle.Cell);
                for (var i = 0; i < columns.Count - 1; i++)
                {
                    Value(s, 2 + i, def, c.Data.Get(c.Quarter, columns[i].Item2, def.Id, GroupKey.All));
                }
            }

            var spec = charts.ByRegion(c.Data, c.Quarter, regions.Select(r => (r.Name[lang], r.Code)).ToList(), lang);
            var top = s.CurrentRow + 1;
            s.Chart(new NativeChart(spec, SheetName(c, "sheet.summary"), first, 1, Enumerable.Range(2, regions.Count).ToList()), top, 1, top + 24, 7);
            c.Charts.Add(("key-indicators-by-region", spec));
        }

        Trends(c, title, columns, T("national", lang));
        Quality(c, title, regions);
        Metadata(c, title);
    }

    // ---- shared sheets -------------------------------------------------------------------

    private SheetWriter GroupTable(Context c, string sheetKey, string title, string regionKey, List<(string Header, GroupKey Group)> columns)
    {
        var lang = c.Lang;
        var widths = new List<double> { 40 };
        widths.AddRange(columns.Select(col => Math.Clamp(col.Header.Length * 0.55, 12, 18)));
        var headers = new List<string> { T("indicator", lang) };
        headers.AddRange(columns.Select(col => col.Header));
        var s = Sheet(c, sheetKey, widths, title, headers, null);
        foreach (var def in catalogue.Indicators)
        {
            s.NextRow(SheetWriter.HeightFor([(def.Name[lang] + " (" + def.Unit[lang] + ")", 40)]));
            s.Text(0, $"{def.Name[lang]} ({def.Unit[lang]})", XlsxStyle.Cell);
            for (var i = 0; i < columns.Count; i++)
            {
                var v = c.Data.Get(c.Quarter, regionKey, def.Id, columns[i].Group);
                Value(s, 1 + i, def, v);
            }
        }

        return s;
    }

    private void ProvinceCharts(Context c, SheetWriter s, string regionKey, List<(string Name, string Code)> provinces, string place)
    {
        var lang = c.Lang;
        var keys = charts.KeyIndicators;
        s.NextRow();
        s.NextRow(SheetWriter.HeightFor(keys.Select(k => ((string?)k.Name[lang], 12.0))));
        s.Text(0, T("province", lang), XlsxStyle.Header);
        for (var i = 0; i < keys.Count; i++)
        {
            s.Text(1 + i, keys[i].Name[lang], XlsxStyle.Header);
        }

        var first = s.CurrentRow + 1;
        foreach (var (name, code) in provinces)
        {
            s.NextRow();
            s.Text(0, name, XlsxStyle.Cell);
            for (var i = 0; i < keys.Count; i++)
            {
                Value(s, 1 + i, keys[i], c.Data.Get(c.Quarter, regionKey, keys[i].Id, GroupKey.All with { Province = code }));
            }
        }

        var top = s.CurrentRow + 2;
        for (var i = 0; i < keys.Count; i++)
        {
            var def = keys[i];
            var spec = charts.ByProvince(c.Data, c.Quarter, regionKey, def, provinces, place, lang);
            var row = top + (i / 2 * 22);
            var col = i % 2 * 5;
            s.Chart(new NativeChart(spec, SheetName(c, "sheet.province"), first, 0, [1 + i]), row, col, row + 20, col + (i % 2 == 0 ? 3 : 5));
            c.Charts.Add(($"{def.Id.ToLowerInvariant()}-by-province", spec));
        }
    }

    private void Pyramid(Context c, SheetWriter s, string regionKey, string place)
    {
        var lang = c.Lang;
        s.NextRow();
        s.NextRow();
        s.Text(0, T("pyramidData", lang), XlsxStyle.Header).Text(1, T("men", lang), XlsxStyle.Header).Text(2, T("women", lang), XlsxStyle.Header).Text(3, T("men", lang) + " (−)", XlsxStyle.Header);
        var first = s.CurrentRow + 1;
        var men = charts.PyramidValues(c.Data, c.Quarter, regionKey, "M");
        var women = charts.PyramidValues(c.Data, c.Quarter, regionKey, "F");
        for (var i = 0; i < catalogue.AgeGroups.Count; i++)
        {
            var g = catalogue.AgeGroups[i];
            var (m, f) = (men[i], women[i]);
            s.NextRow();
            s.Text(0, charts.AgeLabel(g.Code, lang), XlsxStyle.Cell);
            var def = catalogue.Get("POPULATION_W");
            Value(s, 1, def, m);
            Value(s, 2, def, f);
            if (PackCharts.Shown(m) is { } mv)
            {
                s.Number(3, -mv, XlsxStyle.AbsInteger);
            }
            else
            {
                s.Blank(3, m?.Flag == "x" ? XlsxStyle.Suppressed : XlsxStyle.Cell);
            }
        }

        var spec = charts.Pyramid(c.Data, c.Quarter, regionKey, place, lang);
        var top = s.CurrentRow + 2;
        s.Chart(new NativeChart(spec, SheetName(c, "sheet.sexAge"), first, 0, [3, 2]), top, 0, top + 22, 6);
        c.Charts.Add(("population-pyramid", spec));
    }

    private void Trends(Context c, string title, List<(string Name, string Code)> places, string place)
    {
        var lang = c.Lang;
        var quarters = PackCharts.TrendQuartersUpTo(c.Data, c.Quarter);
        var keys = charts.KeyIndicators;
        if (places.Count == 1)
        {
            var widths = new List<double> { 14 };
            widths.AddRange(keys.Select(_ => 16.0));
            var headers = new List<string> { T("quarter", lang) };
            headers.AddRange(keys.Select(k => k.Name[lang]));
            using var s = Sheet(c, "sheet.trends", widths, title, headers, null);
            var first = s.CurrentRow + 1;
            foreach (var q in quarters)
            {
                s.NextRow();
                s.Text(0, PackCharts.QuarterLabel(q, lang), XlsxStyle.Cell);
                for (var i = 0; i < keys.Count; i++)
                {
                    Value(s, 1 + i, keys[i], c.Data.Get(q, places[0].Code, keys[i].Id, GroupKey.All));
                }
            }

            var spec = charts.Trend(c.Data, quarters, places[0].Code, keys, place, lang);
            var top = s.CurrentRow + 2;
            s.Chart(new NativeChart(spec, SheetName(c, "sheet.trends"), first, 0, Enumerable.Range(1, keys.Count).ToList()), top, 0, top + 24, 7);
            c.Charts.Add(("key-indicators-trend", spec));
            return;
        }

        // National: one block and one line chart per key indicator, a line per region.
        {
            var widths = new List<double> { 14 };
            widths.AddRange(places.Select(_ => 18.0));
            var headers = new List<string> { T("quarter", lang) };
            headers.AddRange(places.Select(p => p.Name));
            using var s = Sheet(c, "sheet.trends", widths, title, headers, null);
            var chartRow = 0;
            foreach (var def in keys)
            {
                s.NextRow();
                s.Text(0, def.Name[lang], XlsxStyle.Header);
                for (var i = 0; i < places.Count; i++)
                {
                    s.Text(1 + i, string.Empty, XlsxStyle.Header);
                }

                s.Merge($"A{s.CurrentRow}:{s.ColumnName(places.Count)}{s.CurrentRow}");
                var first = s.CurrentRow + 1;
                foreach (var q in quarters)
                {
                    s.NextRow();
                    s.Text(0, PackCharts.QuarterLabel(q, lang), XlsxStyle.Cell);
                    for (var i = 0; i < places.Count; i++)
                    {
                        Value(s, 1 + i, def, c.Data.Get(q, places[i].Code, def.Id, GroupKey.All));
                    }
                }

                var spec = charts.TrendByRegion(c.Data, quarters, def, places, place, lang);
                s.Chart(new NativeChart(spec, SheetName(c, "sheet.trends"), first, 0, Enumerable.Range(1, places.Count).ToList()), chartRow, 6, chartRow + 18, 13);
                chartRow += 19;
                c.Charts.Add(($"{def.Id.ToLowerInvariant()}-trend-by-region", spec));
                s.NextRow();
            }
        }
    }

    private void Quality(Context c, string title, List<Region> regions)
    {
        var lang = c.Lang;
        string[] headers = [T("submission", lang), T("region", lang), T("batch", lang), T("file", lang), T("status", lang), T("rowsRead", lang), T("rowsAccepted", lang), T("rowsRejected", lang), T("importedAt", lang)];
        using var s = Sheet(c, "sheet.quality", [8, 22, 14, 30, 18, 11, 11, 11, 18], title, headers, null);
        foreach (var sub in c.Submissions)
        {
            s.NextRow();
            s.Number(0, sub.Id, XlsxStyle.Integer);
            s.Text(1, reference.GetRegion(sub.RegionCode).Name[lang], XlsxStyle.Cell).Text(2, sub.BatchLabel, XlsxStyle.Cell).Text(3, sub.FileName, XlsxStyle.Cell);
            s.Text(4, Messages.Default.Get("status." + sub.Status)[lang], XlsxStyle.Cell);
            s.Number(5, sub.RowsRead, XlsxStyle.Integer).Number(6, sub.RowsAccepted, XlsxStyle.Integer).Number(7, sub.RowsRejected, XlsxStyle.Integer);
            s.Text(8, sub.CreatedAt.Replace('T', ' ').TrimEnd('Z'), XlsxStyle.Cell);
        }

        s.NextRow();
        s.Text(4, T("total", lang), XlsxStyle.Header);
        s.Number(5, c.Submissions.Sum(x => x.RowsRead), XlsxStyle.Integer).Number(6, c.Submissions.Sum(x => x.RowsAccepted), XlsxStyle.Integer).Number(7, c.Submissions.Sum(x => x.RowsRejected), XlsxStyle.Integer);

        s.NextRow();
        s.NextRow();
        s.Text(0, T("respondentsByProvince", lang), XlsxStyle.Title);
        s.NextRow();
        s.Text(0, T("region", lang), XlsxStyle.Header).Text(1, T("province", lang), XlsxStyle.Header).Text(2, T("respondents", lang), XlsxStyle.Header).Text(3, T("share", lang), XlsxStyle.Header);
        foreach (var region in regions)
        {
            var total = c.Data.Get(c.Quarter, region.Code, "RESPONDENTS", GroupKey.All)?.N ?? 0;
            foreach (var p in region.Provinces)
            {
                var n = c.Data.Get(c.Quarter, region.Code, "RESPONDENTS", GroupKey.All with { Province = p.Code })?.N ?? 0;
                s.NextRow();
                s.Text(0, region.Name[lang], XlsxStyle.Cell).Text(1, p.Name[lang], XlsxStyle.Cell).Number(2, n, XlsxStyle.Integer);
                s.Number(3, total == 0 ? 0 : (double)n / total, XlsxStyle.Percent);
            }
        }
    }

    private void Metadata(Context c, string title)
    {
        var lang = c.Lang;
        string[] headers = ["ID", T("indicator", lang), T("definition", lang), T("universe", lang), T("numerator", lang), T("denominator", lang), T("unit", lang), T("kind", lang)];
        double[] widths = [22, 28, 48, 30, 30, 26, 14, 14];
        using var s = Sheet(c, "sheet.metadata", widths, title, headers, null);
        foreach (var def in catalogue.Indicators)
        {
            var (numerator, denominator) = Describe(def, lang);
            string[] cells = [def.Id, def.Name[lang], def.Definition[lang], def.UniverseText[lang], numerator, denominator, def.Unit[lang], T("kind." + def.Kind.ToString().ToLowerInvariant(), lang)];
            s.NextRow(SheetWriter.HeightFor(cells.Select((t, i) => ((string?)t, widths[i]))));
            for (var i = 0; i < cells.Length; i++)
            {
                s.Text(i, cells[i], XlsxStyle.Cell);
            }
        }

        s.NextRow();
        foreach (var key in new[] { "flagsTitle", "flagX", "flagU", "method" })
        {
            s.NextRow(SheetWriter.HeightFor([(T(key, lang), 150)]));
            s.Text(0, T(key, lang), key == "flagsTitle" ? XlsxStyle.Header : XlsxStyle.Wrap);
            s.Merge($"A{s.CurrentRow}:H{s.CurrentRow}");
        }

        s.NextRow();
        s.Text(0, T("versions", lang, catalogue.Id, catalogue.Version, form.Id, form.Version), XlsxStyle.Muted);
        s.Merge($"A{s.CurrentRow}:H{s.CurrentRow}");
    }

    private (string Numerator, string Denominator) Describe(IndicatorDefinition def, Lang lang)
    {
        string Field(string? name) => name is null ? "—" : form.Field(name).Label[lang];
        return def.Kind switch
        {
            IndicatorKind.Proportion => (ConditionText.Describe(def.Numerator!, form, Messages.Default)[lang], def.UniverseText[lang]),
            IndicatorKind.Ratio => (Field(def.Value), Field(def.Denominator)),
            IndicatorKind.Mean or IndicatorKind.Median => (Field(def.Value), def.UniverseText[lang]),
            IndicatorKind.Total => (def.Value is null ? def.Unit[lang] : Field(def.Value), "—"),
            _ => ("—", "—"),
        };
    }

    // ---- cells and labels ----------------------------------------------------------------

    private SheetWriter Sheet(Context c, string key, IReadOnlyList<double> widths, string title, IReadOnlyList<string> headers, string? note)
    {
        var lang = c.Lang;
        var s = c.Xlsx.AddSheet(SheetName(c, key), new SheetOptions { RightToLeft = lang == Lang.Ar, FrozenRows = 5, ColumnWidths = widths, FitToWidth = true });
        var last = s.ColumnName(Math.Max(headers.Count, 9) - 1); // titles run over the charts beside narrow tables
        s.Row(1, 24).Text(0, title, XlsxStyle.Title);
        s.Merge($"A1:{last}1");
        var source = T("source", lang, c.Region?.Name[lang] ?? T("national", lang), c.ComputedOn) + (note is null ? string.Empty : " " + note);
        s.Row(2, 28).Text(0, source, XlsxStyle.Muted);
        s.Merge($"A2:{last}2");
        s.Row(3, 28).Text(0, T("legend", lang), XlsxStyle.Muted);
        s.Merge($"A3:{last}3");
        s.Row(5, SheetWriter.HeightFor(headers.Select((h, i) => ((string?)h, widths[i])))) ;
        for (var i = 0; i < headers.Count; i++)
        {
            s.Text(i, headers[i], XlsxStyle.Header);
        }

        return s;
    }

    private string SheetName(Context c, string key) => XlsxWriter.SafeSheetName(T(key, c.Lang));

    private static void Value(SheetWriter s, int column, IndicatorDefinition def, IndicatorValue? v)
    {
        if (PackCharts.Shown(v) is not { } value)
        {
            // Grey means suppressed (x); a figure that does not exist (no rows there) is a plain empty cell.
            s.Blank(column, v?.Flag == "x" ? XlsxStyle.Suppressed : XlsxStyle.Cell);
            return;
        }

        var low = v!.Flag == "u";
        var style = def.IsPercent ? (low ? XlsxStyle.PercentLow : XlsxStyle.Percent)
            : def.Kind is IndicatorKind.Count or IndicatorKind.Total ? (low ? XlsxStyle.IntegerLow : XlsxStyle.Integer)
            : (low ? XlsxStyle.DecimalLow : XlsxStyle.Decimal);
        s.Number(column, value, style);
    }

    private static string Interval(IndicatorDefinition def, IndicatorValue? v, Lang lang)
    {
        if (v?.CiLow is not { } low || v.CiHigh is not { } high || v.Flag == "x")
        {
            return string.Empty;
        }

        var culture = lang == Lang.En ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("fr-FR");
        return def.IsPercent
            ? string.Create(culture, $"{low * 100:0.0} – {high * 100:0.0} %")
            : string.Create(culture, $"{low:#,##0.0} – {high:#,##0.0}");
    }

    private IEnumerable<string> Codes(string field) => form.Field(field).Codes!.Codes.Select(c => c.Value);

    private string CodeLabel(string field, string code, Lang lang) => form.Field(field).Codes!.Find(code)?.Label[lang] ?? code;

    private sealed record Context(Lang Lang, Region? Region, string Quarter, PackFigures Data, XlsxWriter Xlsx, List<(string Name, ChartSpec Spec)> Charts, List<Submission> Submissions, string ComputedOn);
}

/// <summary>A pack cannot be built (no figures for that region and quarter); the message is for the user.</summary>
public sealed class PackException(string message) : Exception(message);
