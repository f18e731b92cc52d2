using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Indicators.Packs;

namespace Indicators.Tests.Packs;

/// <summary>
/// SVG charts against checked-in goldens under Packs/golden. To re-baseline after a deliberate
/// change, run with INDICATORS_UPDATE_GOLDEN=1: the tests then rewrite the goldens in the source
/// tree (found by walking up to Indicators.sln) instead of comparing; render them
/// (rsvg-convert -w 800 x.svg -o x.png) and look before checking them in.
/// </summary>
public sealed class SvgChartTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    public static TheoryData<string> Goldens => ["bar_fr", "line_ar", "pyramid_fr", "bar_ar"];

    public static TheoryData<ChartKind, bool> Kinds => new()
    {
        { ChartKind.Bar, false }, { ChartKind.Bar, true },
        { ChartKind.Line, false }, { ChartKind.Line, true },
        { ChartKind.Pyramid, false }, { ChartKind.Pyramid, true },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_is_a_well_formed_svg_document(ChartKind kind, bool arabic)
    {
        var spec = (kind, arabic) switch
        {
            (ChartKind.Bar, false) => BarFr(),
            (ChartKind.Bar, true) => BarAr(),
            (ChartKind.Line, false) => LineAr() with
            {
                Title = "Taux de chômage selon le sexe",
                Subtitle = null,
                Footnote = null,
                RightToLeft = false,
                Categories = ["2023T1", "2023T2", "2023T3", "2023T4", "2024T1", "2024T2", "2024T3", "2024T4"],
                Series = [new("Hommes", LineAr().Series[0].Values), new("Femmes", LineAr().Series[1].Values, LineAr().Series[1].Flags)],
            },
            (ChartKind.Line, true) => LineAr(),
            (_, false) => PyramidFr(),
            _ => PyramidFr() with
            {
                Title = "الهرم السكاني",
                Subtitle = null,
                Footnote = null,
                RightToLeft = true,
                Series = [new("ذكور", PyramidFr().Series[0].Values), new("إناث", PyramidFr().Series[1].Values)],
            },
        };

        var doc = XDocument.Parse(SvgChart.ToString(spec));

        Assert.Equal(Svg + "svg", doc.Root!.Name);
        Assert.Equal(spec.Title, doc.Root.Element(Svg + "title")!.Value);
        Assert.StartsWith("0 0 800 ", doc.Root.Attribute("viewBox")!.Value, StringComparison.Ordinal);
        var arabicTexts = doc.Descendants(Svg + "text").Where(t => t.Value.Any(c => c is >= '\u0600' and <= '\u06FF')).ToList();
        Assert.Equal(arabic, arabicTexts.Count > 0);
        Assert.All(arabicTexts, t => Assert.Equal("rtl", t.Attribute("direction")?.Value));
    }

    [Theory]
    [MemberData(nameof(Goldens))]
    public void Output_matches_the_golden_file(string name)
    {
        var spec = Spec(name);
        var bytes = InCulture("fr-MA", () => Bytes(spec));
        Assert.Equal(bytes, InCulture("ar-MA", () => Bytes(spec)));
        Assert.False(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble));
        Assert.DoesNotContain((byte)'\r', bytes);

        if (Environment.GetEnvironmentVariable("INDICATORS_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllBytes(Path.Combine(SourceGoldenFolder(), name + ".svg"), bytes);
            return;
        }

        var golden = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Packs", "golden", name + ".svg"));
        Assert.Equal(Encoding.UTF8.GetString(golden), Encoding.UTF8.GetString(bytes));
        Assert.Equal(golden, bytes);
    }

    [Fact]
    public void Flags_show_on_the_labels_and_text_is_escaped()
    {
        var text = SvgChart.ToString(BarFr());

        Assert.Contains(">43.1\u202F% (u)</text>", text, StringComparison.Ordinal);
        Assert.Contains(">x</text>", text, StringComparison.Ordinal);
        Assert.Contains("url(#u0)", text, StringComparison.Ordinal);
        Assert.Contains("HCP &amp; ", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.4312, ValueFormat.Percent, "43.1\u202F%")]
    [InlineData(12345.4, ValueFormat.Number, "12\u202F345")]
    [InlineData(1234.56, ValueFormat.Decimal, "1\u202F234.6")]
    public void Values_are_formatted_the_same_in_every_culture(double value, ValueFormat format, string expected)
    {
        Assert.Equal(expected, InCulture("fr-MA", () => SvgChart.FormatValue(value, format)));
        Assert.Equal(expected, InCulture("ar-SA", () => SvgChart.FormatValue(value, format)));
    }

    private static ChartSpec Spec(string name) => name switch
    {
        "bar_fr" => BarFr(),
        "line_ar" => LineAr(),
        "pyramid_fr" => PyramidFr(),
        _ => BarAr(),
    };

    private static ChartSpec BarFr() => new()
    {
        Kind = ChartKind.Bar,
        Title = "Taux d'activité des femmes de 15 ans et plus selon la région de résidence, quatrième trimestre 2024",
        Subtitle = "Maroc, ensemble (urbain et rural)",
        Categories =
        [
            "Tanger-Tétouan-Al Hoceïma", "L'Oriental", "Fès-Meknès", "Rabat-Salé-Kénitra", "Béni Mellal-Khénifra",
            "Casablanca-Settat", "Marrakech-Safi", "Drâa-Tafilalet", "Souss-Massa", "Guelmim-Oued Noun",
            "Laâyoune-Sakia El Hamra", "Dakhla-Oued Ed-Dahab",
        ],
        Series =
        [
            new("Femmes", [0.2231, 0.1874, 0.2012, 0.2567, 0.1733, 0.2410, 0.1955, 0.1502, 0.2104, 0.4312, null, 0.1389],
                [null, null, null, null, null, null, null, null, null, "u", "x", null]),
        ],
        Footnote = "x : valeur supprimée (moins de 30 observations) ; (u) : estimation peu fiable (CV > 20 %). Source : HCP & enquête nationale sur l'emploi.",
    };

    private static ChartSpec BarAr() => new()
    {
        Kind = ChartKind.Bar,
        Title = "متوسط ساعات العمل الأسبوعية حسب الجهة والجنس، الفصل الرابع 2024",
        Subtitle = "المغرب، المشتغلون",
        Format = ValueFormat.Decimal,
        RightToLeft = true,
        Categories =
        [
            "طنجة - تطوان - الحسيمة", "الشرق", "فاس - مكناس", "الرباط - سلا - القنيطرة", "بني ملال - خنيفرة",
            "الدار البيضاء - سطات", "مراكش - آسفي", "العيون - الساقية الحمراء",
        ],
        Series =
        [
            new("ذكور", [46.2, 44.8, 45.5, 47.1, 43.9, 48.3, 45.0, 41.2], [null, null, null, null, null, null, null, "u"]),
            new("إناث", [38.4, 35.1, 36.9, 39.8, 33.2, 40.6, 36.0, null], [null, null, null, null, null, null, null, "x"]),
        ],
        Footnote = "x: قيمة محجوبة؛ (u): تقدير غير دقيق. المصدر: المندوبية السامية للتخطيط.",
    };

    private static ChartSpec LineAr() => new()
    {
        Kind = ChartKind.Line,
        Title = "معدل البطالة حسب الجنس",
        Subtitle = "المغرب، 15 سنة فأكثر",
        RightToLeft = true,
        Categories = ["ف1 2023", "ف2 2023", "ف3 2023", "ف4 2023", "ف1 2024", "ف2 2024", "ف3 2024", "ف4 2024"],
        Series =
        [
            new("ذكور", [0.112, 0.109, 0.118, 0.114, 0.117, 0.110, 0.121, 0.119]),
            new("إناث", [0.182, 0.176, null, 0.195, 0.201, 0.193, 0.207, 0.214], [null, null, "x", null, null, "u", null, null]),
        ],
        Footnote = "الدائرة الفارغة: تقدير غير دقيق (u).",
    };

    private static ChartSpec PyramidFr() => new()
    {
        Kind = ChartKind.Pyramid,
        Title = "Pyramide des âges de la population enquêtée",
        Subtitle = "Effectifs pondérés, 2024",
        Format = ValueFormat.Number,
        Categories = ["0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80+"],
        Series =
        [
            new("Hommes", [1520340, 1498210, 1475020, 1402330, 1365870, 1320410, 1288900, 1190300, 1050220, 905130, 812400, 700120, 590300, 430210, 300150, 180220, 120330]),
            new("Femmes", [1460120, 1441980, 1420310, 1380020, 1372400, 1351010, 1310250, 1220480, 1080900, 940330, 850120, 731400, 610800, 462300, 340400, 215100, null],
                [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, "u", "x"]),
        ],
        Footnote = "x : valeur supprimée ; (u) : peu fiable.",
    };

    private static byte[] Bytes(ChartSpec spec)
    {
        using var buffer = new MemoryStream();
        SvgChart.Write(spec, buffer);
        return buffer.ToArray();
    }

    private static T InCulture<T>(string name, Func<T> action)
    {
        var saved = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(name);
        try
        {
            return action();
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    private static string SourceGoldenFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Indicators.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "Indicators.Core.Tests", "Packs", "golden");
            }
        }

        throw new DirectoryNotFoundException("Indicators.sln not found above " + AppContext.BaseDirectory);
    }
}
