using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;
using Indicators.Packs;
using Indicators.Sheets.Xlsx;
using Charts = DocumentFormat.OpenXml.Drawing.Charts;

namespace Indicators.Tests.Sheets;

/// <summary>
/// Native charts written by <see cref="XlsxWriter"/>: the package passes OpenXmlValidator, and the
/// SDK reaches each chart with its series, cell references and cached values. Set
/// NATIVE_CHARTS_OUT to a path to keep the workbook and look at it in LibreOffice.
/// </summary>
public sealed class NativeChartTests
{
    private const string DataSheet = "Taux d'activité";

    private static readonly string[] Provinces = ["Agadir Ida-Outanane", "Inezgane Aït Melloul", "Chtouka Aït Baha", "Taroudannt", "Tiznit", "Tata"];
    private static readonly double?[] Rates = [0.431, 0.387, null, 0.295, 0.512, 0.244];
    private static readonly string[] Quarters = ["2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"];
    private static readonly double?[] Men = [12.4, 11.8, 12.9, 13.5, 12.2];
    private static readonly double?[] Women = [9.1, 9.6, 10.4, 10.2, 9.8];
    private static readonly string[] Ages = ["15-24", "25-34", "35-44", "45-54", "55-64", "65+"];
    private static readonly double?[] PyramidMen = [41200, 38950, 33100, 27400, 19800, 12650];
    private static readonly double?[] PyramidWomen = [40100, 39500, 34800, 28900, 21300, 15200];
    private static readonly string[] ArabicProvinces = ["أكادير إداوتنان", "إنزكان آيت ملول", "اشتوكة آيت باها", "تارودانت"];
    private static readonly double?[] ArabicRates = [0.431, 0.387, 0.301, 0.295];

    [Theory]
    [InlineData("fr-MA")]
    [InlineData("ar-MA")]
    public void Charts_are_valid_and_reachable_with_their_cached_values(string culture)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            var bytes = WriteWorkbook();
            if (Environment.GetEnvironmentVariable("NATIVE_CHARTS_OUT") is { Length: > 0 } keep)
            {
                File.WriteAllBytes(keep, bytes);
            }

            using var stream = new MemoryStream(bytes);
            using var doc = SpreadsheetDocument.Open(stream, false);
            AssertValid(doc);

            var book = doc.WorkbookPart!;
            var sheets = book.Workbook.Sheets!.Elements<Sheet>().ToList();
            var data = (WorksheetPart)book.GetPartById(sheets[0].Id!);
            var arabic = (WorksheetPart)book.GetPartById(sheets[1].Id!);
            Assert.NotNull(data.WorksheetCommentsPart);
            Assert.Single(data.Worksheet.Elements<Drawing>());
            Assert.Single(data.Worksheet.Elements<LegacyDrawing>());
            Assert.Equal(3, data.DrawingsPart!.ChartParts.Count());
            Assert.Equal(2, arabic.DrawingsPart!.ChartParts.Count());
            Assert.Equal(3, data.DrawingsPart.WorksheetDrawing.ChildElements.Count);

            var charts = data.DrawingsPart.ChartParts.Select(p => p.ChartSpace).ToList();
            var bar = charts.Single(c => c.Descendants<Charts.BarChart>().Any() && c.Descendants<Charts.Overlap>().FirstOrDefault() is null);
            var line = charts.Single(c => c.Descendants<Charts.LineChart>().Any());
            var pyramid = charts.Single(c => c.Descendants<Charts.Overlap>().Any());

            var barSeries = Assert.Single(bar.Descendants<Charts.BarChartSeries>());
            Assert.Equal("'Taux d''activité'!$A$3:$A$8", barSeries.Descendants<Charts.CategoryAxisData>().Single().Descendants<Charts.Formula>().Single().Text);
            Assert.Equal("'Taux d''activité'!$B$3:$B$8", barSeries.Descendants<Charts.Values>().Single().Descendants<Charts.Formula>().Single().Text);
            Assert.Equal(Provinces, Cached(barSeries.Descendants<Charts.StringCache>().Single()).Select(p => p.Value));
            var barValues = Cached(barSeries.Descendants<Charts.NumberingCache>().Single());
            Assert.Equal([0, 1, 3, 4, 5], barValues.Select(p => p.Index));
            Assert.Equal(0.431, double.Parse(barValues[0].Value, CultureInfo.InvariantCulture));
            Assert.Equal(Charts.BarDirectionValues.Bar, bar.Descendants<Charts.BarDirection>().Single().Val!.Value);

            var lineSeries = line.Descendants<Charts.LineChartSeries>().ToList();
            Assert.Equal(2, lineSeries.Count);
            Assert.Equal(["Hommes", "Femmes"], lineSeries.Select(s => s.SeriesText!.NumericValue!.Text));
            Assert.Equal(Women.Select(v => v!.Value), Cached(lineSeries[1].Descendants<Charts.NumberingCache>().Single()).Select(p => double.Parse(p.Value, CultureInfo.InvariantCulture)));
            Assert.NotNull(line.Descendants<Charts.Legend>().SingleOrDefault());

            var pyramidSeries = pyramid.Descendants<Charts.BarChartSeries>().ToList();
            Assert.Equal(2, pyramidSeries.Count);
            Assert.Equal(PyramidMen.Select(v => -v!.Value), Cached(pyramidSeries[0].Descendants<Charts.NumberingCache>().Single()).Select(p => double.Parse(p.Value, CultureInfo.InvariantCulture)));
            Assert.Equal(100, pyramid.Descendants<Charts.Overlap>().Single().Val!.Value);
            Assert.Equal("#,##0;#,##0", pyramid.Descendants<Charts.ValueAxis>().Single().NumberingFormat!.FormatCode!.Value);
            Assert.Equal(Charts.TickLabelPositionValues.Low, pyramid.Descendants<Charts.CategoryAxis>().Single().TickLabelPosition!.Val!.Value);

            var arabicChart = arabic.DrawingsPart.ChartParts.Select(p => p.ChartSpace).Single(c => c.Descendants<Charts.BarChart>().Any());
            Assert.Equal("'بيانات'!$A$2:$A$5", arabicChart.Descendants<Charts.CategoryAxisData>().Single().Descendants<Charts.Formula>().Single().Text);
            Assert.All(arabicChart.Descendants<DocumentFormat.OpenXml.Drawing.ParagraphProperties>(), p => Assert.True(p.RightToLeft?.Value));
            // Bars keep growing rightwards in Arabic (LibreOffice cuts labels off a reversed value axis).
            Assert.Equal(Charts.OrientationValues.MinMax, arabicChart.Descendants<Charts.ValueAxis>().Single().Scaling!.Orientation!.Val!.Value);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Chart_numbers_run_across_the_workbook()
    {
        var bytes = WriteWorkbook();
        using var doc = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
        var uris = doc.WorkbookPart!.WorksheetParts.SelectMany(w => w.DrawingsPart?.ChartParts ?? []).Select(p => p.Uri.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(["/xl/charts/chart1.xml", "/xl/charts/chart2.xml", "/xl/charts/chart3.xml", "/xl/charts/chart4.xml", "/xl/charts/chart5.xml"], uris);
    }

    [Fact]
    public void Series_and_value_columns_must_match()
    {
        using var writer = new XlsxWriter(new MemoryStream());
        using var sheet = writer.AddSheet("S");
        var spec = new ChartSpec { Kind = ChartKind.Line, Title = "t", Categories = Quarters, Series = [new ChartSeries("a", Men), new ChartSeries("b", Women)] };
        Assert.Throws<ArgumentException>(() => sheet.Chart(new NativeChart(spec, "S", 2, 0, [1]), 0, 0, 10, 5));
    }

    private static byte[] WriteWorkbook()
    {
        using var output = new MemoryStream();
        using (var writer = new XlsxWriter(output) { FontName = "DejaVu Sans" })
        {
            using (var sheet = writer.AddSheet(DataSheet, new SheetOptions { FitToWidth = true, ColumnWidths = [22, 12, 12] }))
            {
                sheet.Row(1).Text(0, "Taux de chômage par province, T4 2025", XlsxStyle.Title);
                sheet.Row(2).Text(0, "Province", XlsxStyle.Header).Text(1, "Taux", XlsxStyle.Header);
                for (var i = 0; i < Provinces.Length; i++)
                {
                    sheet.NextRow().Text(0, Provinces[i], XlsxStyle.Cell);
                    if (Rates[i] is { } rate)
                    {
                        sheet.Number(1, rate, XlsxStyle.Percent);
                    }
                    else
                    {
                        sheet.Text(1, null, XlsxStyle.Suppressed);
                    }
                }

                sheet.Row(11).Text(0, "Trimestre", XlsxStyle.Header).Text(1, "Hommes", XlsxStyle.Header).Text(2, "Femmes", XlsxStyle.Header);
                for (var i = 0; i < Quarters.Length; i++)
                {
                    sheet.NextRow().Text(0, Quarters[i], XlsxStyle.Cell).Number(1, Men[i]!.Value, XlsxStyle.Decimal).Number(2, Women[i]!.Value, XlsxStyle.Decimal);
                }

                sheet.Row(19).Text(0, "Âge", XlsxStyle.Header).Text(1, "Hommes", XlsxStyle.Header).Text(2, "Femmes", XlsxStyle.Header);
                for (var i = 0; i < Ages.Length; i++)
                {
                    sheet.NextRow().Text(0, Ages[i], XlsxStyle.Cell).Number(1, -PyramidMen[i]!.Value, XlsxStyle.AbsInteger).Number(2, PyramidWomen[i]!.Value, XlsxStyle.Integer);
                }

                sheet.Comment(5, 1, "x : valeur supprimée (effectif insuffisant)");
                var bar = new ChartSpec
                {
                    Kind = ChartKind.Bar,
                    Title = "Taux de chômage par province",
                    Subtitle = "Souss-Massa, T4 2025",
                    Categories = Provinces,
                    Series = [new ChartSeries("Taux", Rates, ["", "", "x", "", "", "u"])],
                    Format = ValueFormat.Percent,
                };
                var line = new ChartSpec
                {
                    Kind = ChartKind.Line,
                    Title = "Taux de chômage par sexe",
                    Categories = Quarters,
                    Series = [new ChartSeries("Hommes", Men), new ChartSeries("Femmes", Women)],
                    Format = ValueFormat.Decimal,
                };
                var pyramid = new ChartSpec
                {
                    Kind = ChartKind.Pyramid,
                    Title = "Population par âge et sexe",
                    Subtitle = "Souss-Massa, 2025",
                    Categories = Ages,
                    Series = [new ChartSeries("Hommes", PyramidMen), new ChartSeries("Femmes", PyramidWomen)],
                    Format = ValueFormat.Number,
                };
                sheet.Chart(new NativeChart(bar, DataSheet, 3, 0, [1]), 0, 4, 18, 11);
                sheet.Chart(new NativeChart(line, DataSheet, 12, 0, [1, 2]), 0, 11, 18, 18);
                sheet.Chart(new NativeChart(pyramid, DataSheet, 20, 0, [1, 2]), 19, 4, 38, 11);
            }

            using (var sheet = writer.AddSheet("بيانات", new SheetOptions { RightToLeft = true, FitToWidth = true, ColumnWidths = [24, 12, 12] }))
            {
                sheet.Row(1).Text(0, "الإقليم", XlsxStyle.Header).Text(1, "المعدل", XlsxStyle.Header);
                for (var i = 0; i < ArabicProvinces.Length; i++)
                {
                    sheet.NextRow().Text(0, ArabicProvinces[i], XlsxStyle.Cell).Number(1, ArabicRates[i]!.Value, XlsxStyle.Percent);
                }

                var spec = new ChartSpec
                {
                    Kind = ChartKind.Bar,
                    Title = "معدل البطالة حسب الإقليم",
                    Subtitle = "سوس ماسة، الفصل الرابع 2025",
                    Categories = ArabicProvinces,
                    Series = [new ChartSeries("المعدل", ArabicRates)],
                    RightToLeft = true,
                };
                sheet.Chart(new NativeChart(spec, "بيانات", 2, 0, [1]), 0, 3, 18, 10);

                sheet.Row(8).Text(0, "الفصل", XlsxStyle.Header).Text(1, "الذكور", XlsxStyle.Header).Text(2, "الإناث", XlsxStyle.Header);
                for (var i = 0; i < Quarters.Length; i++)
                {
                    sheet.NextRow().Text(0, Quarters[i], XlsxStyle.Cell).Number(1, Men[i]!.Value, XlsxStyle.Decimal).Number(2, Women[i]!.Value, XlsxStyle.Decimal);
                }

                var trend = new ChartSpec
                {
                    Kind = ChartKind.Line,
                    Title = "معدل البطالة حسب الجنس",
                    Categories = Quarters,
                    Series = [new ChartSeries("الذكور", Men), new ChartSeries("الإناث", Women)],
                    Format = ValueFormat.Decimal,
                    RightToLeft = true,
                };
                sheet.Chart(new NativeChart(trend, "بيانات", 9, 0, [1, 2]), 0, 10, 18, 17);
            }
        }

        return output.ToArray();
    }

    private static void AssertValid(SpreadsheetDocument doc)
    {
        foreach (var version in new[] { FileFormatVersions.Office2007, FileFormatVersions.Office2016 })
        {
            var errors = new OpenXmlValidator(version).Validate(doc)
                .Select(e => $"{version} {e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }

    private static List<(uint Index, string Value)> Cached(OpenXmlElement cache) =>
        cache.Elements<Charts.StringPoint>().Select(p => (p.Index!.Value, p.NumericValue!.Text))
            .Concat(cache.Elements<Charts.NumericPoint>().Select(p => (p.Index!.Value, p.NumericValue!.Text)))
            .ToList();
}
