using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Xml.Linq;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Packs;
using Indicators.Periods;
using Indicators.Statistics;
using Indicators.Submissions;
using Xunit.Abstractions;

namespace Indicators.Tests.Packs;

/// <summary>Sample sheets for the three regions over two quarters, imported and computed once for all pack tests.</summary>
public sealed class PackFixture : IDisposable
{
    public PackFixture()
    {
        var latest = Quarter.Parse("2025Q3");
        foreach (var quarter in new[] { latest.Previous, latest })
        {
            foreach (var region in Reference.Default.Regions)
            {
                var path = Workspace.PathOf($"{region.Slug}-{quarter}.xlsx");
                using (var stream = File.Create(path))
                {
                    new SampleSheet(FormDefinition.Default).Write(stream, region, quarter, new SampleSheet.Options(300, region.Code.GetHashCode(StringComparison.Ordinal) ^ quarter.Number));
                }

                Workspace.Import(path, region.Code, quarter.ToString());
            }
        }

        ComputeIndicators.Run(Workspace.Db);
        Output = Workspace.PathOf("packs");
        var builder = new PackBuilder(Workspace.Db);
        foreach (var lang in new[] { Lang.Fr, Lang.Ar })
        {
            Packs[("09", lang)] = builder.Build(new PackRequest("09", latest, lang, Output));
            Packs[("02", lang)] = builder.Build(new PackRequest("02", latest, lang, Output));
            Packs[("national", lang)] = builder.Build(new PackRequest(null, latest, lang, Output));
        }
    }

    public TestWorkspace Workspace { get; } = new();

    public string Output { get; }

    public Dictionary<(string Region, Lang Lang), PackResult> Packs { get; } = [];

    public void Dispose() => Workspace.Dispose();
}

public sealed class PackTests(PackFixture fixture, ITestOutputHelper output) : IClassFixture<PackFixture>
{
    [Fact]
    public void Every_pack_holds_workbook_svg_charts_csv_and_a_manifest_with_true_hashes()
    {
        Assert.Equal(6, Directory.GetFiles(fixture.Output, "*.zip").Length);
        Assert.Empty(Directory.GetFiles(fixture.Output, "*.partial"));
        foreach (var ((region, lang), pack) in fixture.Packs)
        {
            using var zip = ZipFile.OpenRead(pack.ZipPath);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains(names, n => n.EndsWith(".xlsx", StringComparison.Ordinal));
            Assert.Contains(names, n => n.EndsWith("-indicators.csv", StringComparison.Ordinal));
            Assert.Contains("manifest.json", names);
            Assert.True(names.Count(n => n.StartsWith("charts/", StringComparison.Ordinal) && n.EndsWith(".svg", StringComparison.Ordinal)) >= (region == "national" ? 2 : 3), pack.ZipPath);
            using var manifest = JsonDocument.Parse(Read(zip, "manifest.json"));
            var files = manifest.RootElement.GetProperty("files").EnumerateArray().ToList();
            Assert.Equal(names.Count - 1, files.Count);
            foreach (var f in files)
            {
                Assert.Equal(f.GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(Read(zip, f.GetProperty("path").GetString()!))));
            }

            Assert.Equal(region == "national" ? 3 : 1, manifest.RootElement.GetProperty("submissions").GetArrayLength());
            Assert.Equal(lang == Lang.Ar ? "ar" : "fr", manifest.RootElement.GetProperty("lang").GetString());
            foreach (var svg in names.Where(n => n.EndsWith(".svg", StringComparison.Ordinal)))
            {
                Assert.Equal("svg", XDocument.Parse(System.Text.Encoding.UTF8.GetString(Read(zip, svg))).Root!.Name.LocalName);
            }

            // The pack's CSV is the export of that region (or all of them) and quarter, line for line.
            var csv = System.Text.Encoding.UTF8.GetString(Read(zip, names.Single(n => n.EndsWith(".csv", StringComparison.Ordinal))));
            using var c = fixture.Workspace.Db.Connect();
            var stored = new IndicatorStore(c).Values(region == "national" ? null : region, "2025Q3");
            Assert.Equal(IndicatorCsv.ToText(stored), csv);
            var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(lines.Length, lines.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void Workbooks_pass_the_open_xml_validator_with_native_charts_and_arabic_sheets_right_to_left()
    {
        foreach (var ((region, lang), pack) in fixture.Packs)
        {
            using var zip = ZipFile.OpenRead(pack.ZipPath);
            using var workbook = new MemoryStream(Read(zip, zip.Entries.Single(e => e.FullName.EndsWith(".xlsx", StringComparison.Ordinal)).FullName));
            using var doc = SpreadsheetDocument.Open(workbook, false);
            var errors = new OpenXmlValidator().Validate(doc).ToList();
            foreach (var e in errors.Take(10))
            {
                output.WriteLine($"{pack.ZipPath}: {e.Part?.Uri} {e.Path?.XPath}: {e.Description}");
            }

            Assert.Empty(errors);
            var sheets = doc.WorkbookPart!.WorksheetParts.ToList();
            Assert.True(sheets.Count >= (region == "national" ? 4 : 7));
            var charts = sheets.Sum(s => s.DrawingsPart?.ChartParts.Count() ?? 0);
            Assert.True(charts >= (region == "national" ? 2 : 3), $"{pack.ZipPath}: {charts} charts");
            foreach (var s in sheets)
            {
                var view = s.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.SheetView>().Single();
                Assert.Equal(lang == Lang.Ar, view.RightToLeft?.Value ?? false);
            }
        }
    }

    [Fact]
    public void The_summary_shows_the_stored_figures_blank_where_suppressed_and_marked_where_unreliable()
    {
        using var c = fixture.Workspace.Db.Connect();
        var stored = new IndicatorStore(c).Values("09", "2025Q3").Where(v => v.Group == GroupKey.All).ToDictionary(v => v.Indicator);
        using var zip = ZipFile.OpenRead(fixture.Packs[("09", Lang.Fr)].ZipPath);
        using var workbook = new MemoryStream(Read(zip, zip.Entries.Single(e => e.FullName.EndsWith(".xlsx", StringComparison.Ordinal)).FullName));
        using var doc = SpreadsheetDocument.Open(workbook, false);
        var sheet = doc.WorkbookPart!.WorksheetParts.First(); // the summary
        var rows = sheet.Worksheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Row>().Where(r => r.RowIndex! > 5).ToList();
        var stylesheet = doc.WorkbookPart.WorkbookStylesPart!.Stylesheet;
        var checkedRows = 0;
        foreach (var def in Catalogue.Default.Indicators)
        {
            var row = rows[checkedRows++];
            var cell = row.Elements<DocumentFormat.OpenXml.Spreadsheet.Cell>().Single(x => x.CellReference!.Value!.StartsWith('D'));
            var v = stored[def.Id];
            if (v.Flag == "x")
            {
                Assert.Null(cell.CellValue);
                Assert.Equal((uint)Sheets.Xlsx.XlsxStyle.Suppressed, cell.StyleIndex!.Value);
            }
            else
            {
                Assert.Equal(v.Value!.Value, double.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture));
                var low = v.Flag == "u";
                Assert.Equal(low, cell.StyleIndex!.Value is (uint)Sheets.Xlsx.XlsxStyle.PercentLow or (uint)Sheets.Xlsx.XlsxStyle.DecimalLow or (uint)Sheets.Xlsx.XlsxStyle.IntegerLow);
            }
        }

        Assert.NotNull(stylesheet);
        Assert.Equal(Catalogue.Default.Indicators.Count, checkedRows);
    }

    [Fact]
    public void A_pack_for_a_quarter_without_figures_is_refused_in_the_users_language()
    {
        var e = Assert.Throws<PackException>(() => new PackBuilder(fixture.Workspace.Db).Build(new PackRequest("05", Quarter.Parse("2019Q1"), Lang.Ar, fixture.Output)));
        Assert.Contains("بني ملال", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LibreOffice_renders_french_and_arabic_packs_with_names_titles_and_chart_titles_in_that_language()
    {
        var soffice = new[] { "/usr/bin/soffice", "/usr/bin/libreoffice" }.FirstOrDefault(File.Exists);
        var pdftotext = File.Exists("/usr/bin/pdftotext") ? "/usr/bin/pdftotext" : null;
        if (soffice is null || pdftotext is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "LibreOffice and poppler-utils must be installed in CI (.ci/run installs them).");
            output.WriteLine("SKIPPED: LibreOffice (libreoffice-calc-nogui) or pdftotext (poppler-utils) is not installed here.");
            return;
        }

        var region = Reference.Default.GetRegion("09");
        var catalogue = Catalogue.Default;
        foreach (var lang in new[] { Lang.Fr, Lang.Ar })
        {
            var folder = fixture.Workspace.PathOf("render-" + lang);
            Directory.CreateDirectory(folder);
            using (var zip = ZipFile.OpenRead(fixture.Packs[("09", lang)].ZipPath))
            {
                zip.Entries.Single(e => e.FullName.EndsWith(".xlsx", StringComparison.Ordinal)).ExtractToFile(Path.Combine(folder, "pack.xlsx"));
            }

            Run(soffice, $"-env:UserInstallation=file://{folder}/profile --headless --convert-to pdf --outdir {folder} {folder}/pack.xlsx");
            Run(pdftotext, $"{folder}/pack.pdf {folder}/pack.txt");
            // pdftotext wraps runs in bidi embeddings, mirrors brackets and, inside Arabic chart text that
            // LibreOffice positions glyph by glyph, emits a stray Latin letter embedded left-to-right
            // (U+202A x U+202C); the rendered page is right. So texts compare on their letters and digits.
            var raw = File.ReadAllText(Path.Combine(folder, "pack.txt"));
            var text = Letters(System.Text.RegularExpressions.Regex.Replace(raw, "\u202A([^A-Za-z\u202C]*)[A-Za-z]\u202C", "$1"));
            var texts = PackTexts.Default;
            Assert.Contains(Letters(region.Name[lang]), text, StringComparison.Ordinal);
            Assert.Contains(Letters(catalogue.Get("HEALTH_COVERAGE").Name[lang]), text, StringComparison.Ordinal);
            Assert.Contains(Letters(catalogue.Get("EMPLOYMENT_RATE").Name[lang]), text, StringComparison.Ordinal);
            Assert.Contains(Letters(texts.Get("pyramidTitle", lang)), text, StringComparison.Ordinal);
            Assert.Contains(Letters(texts.Get("trendTitle", lang)), text, StringComparison.Ordinal);
            Assert.Contains(Letters(texts.Get("byProvinceTitle", lang, catalogue.Get("HEALTH_COVERAGE").Name[lang])), text, StringComparison.Ordinal);
            if (lang == Lang.Fr)
            {
                Assert.DoesNotContain(Letters(catalogue.Get("HEALTH_COVERAGE").Name[Lang.Ar]), text, StringComparison.Ordinal);
            }
        }
    }

    private static void Run(string file, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(180_000), $"{file} did not finish in 3 minutes");
        Assert.True(p.ExitCode == 0, $"{file} {args}: exit {p.ExitCode}: {stderr.Result}");
    }

    // Letters and digits only; lam-alef ligatures come out of pdftotext as alef then lam, so both
    // sides put them in that order.
    private static string Letters(string s) =>
        System.Text.RegularExpressions.Regex.Replace(new string(s.Where(char.IsLetterOrDigit).ToArray()), "ل([اأإآ])", "$1ل");

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var s = zip.GetEntry(name)!.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
