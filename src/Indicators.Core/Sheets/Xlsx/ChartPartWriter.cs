using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Indicators.Packs;

namespace Indicators.Sheets.Xlsx;

/// <summary>
/// Writes one chart part (c:chartSpace) for a <see cref="NativeChart"/>: series read their cells on
/// the data sheet and carry cached values too, since not every reader recalculates. Elements follow
/// the schema's order; OpenXmlValidator checks it.
/// </summary>
internal static class ChartPartWriter
{
    internal const string C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
    internal const string A = "http://schemas.openxmlformats.org/drawingml/2006/main";

    // Calibri is not installed on the servers that render packs; DejaVu Sans is, and covers Arabic.
    private const string Font = "DejaVu Sans";
    private const string CategoryAxis = "110001";
    private const string ValueAxis = "110002";
    private static readonly string[] Palette = ["2F5597", "ED7D31", "70AD47", "7F6000", "7030A0", "5B9BD5"];

    public static void Write(XmlWriter x, NativeChart chart)
    {
        var spec = chart.Spec;
        x.WriteStartElement("c", "chartSpace", C);
        x.WriteAttributeString("xmlns", "a", null, A);
        x.WriteAttributeString("xmlns", "r", null, XlsxWriter.RelNs);
        Val(x, "date1904", "0");
        Val(x, "roundedCorners", "0");
        x.WriteStartElement("chart", C);
        Title(x, spec);
        Val(x, "autoTitleDeleted", "0");
        x.WriteStartElement("plotArea", C);
        x.WriteElementString("layout", C, string.Empty);
        if (spec.Kind == ChartKind.Line)
        {
            LineChart(x, chart);
        }
        else
        {
            BarChart(x, chart);
        }

        Axes(x, spec);
        x.WriteEndElement(); // plotArea
        if (spec.Series.Count > 1)
        {
            x.WriteStartElement("legend", C);
            Val(x, "legendPos", "b");
            Val(x, "overlay", "0");
            TextProperties(x, spec.RightToLeft, 900);
            x.WriteEndElement();
        }

        Val(x, "plotVisOnly", "1");
        Val(x, "dispBlanksAs", "gap");
        x.WriteEndElement(); // chart
        x.WriteStartElement("spPr", C);
        SolidFill(x, "FFFFFF");
        x.WriteStartElement("ln", A);
        SolidFill(x, "D9D9D9");
        x.WriteEndElement();
        x.WriteEndElement();
        TextProperties(x, spec.RightToLeft, 900);
        x.WriteEndElement(); // chartSpace
    }

    private static void Title(XmlWriter x, ChartSpec spec)
    {
        x.WriteStartElement("title", C);
        x.WriteStartElement("tx", C);
        x.WriteStartElement("rich", C);
        x.WriteElementString("bodyPr", A, string.Empty);
        x.WriteElementString("lstStyle", A, string.Empty);
        Paragraph(x, spec.Title, spec.RightToLeft, 1200, bold: true, "1F3864");
        if (!string.IsNullOrWhiteSpace(spec.Subtitle))
        {
            Paragraph(x, spec.Subtitle, spec.RightToLeft, 950, bold: false, "595959");
        }

        x.WriteEndElement();
        x.WriteEndElement();
        Val(x, "overlay", "0");
        x.WriteEndElement();
    }

    private static void Paragraph(XmlWriter x, string text, bool rtl, int size, bool bold, string color)
    {
        x.WriteStartElement("p", A);
        x.WriteStartElement("pPr", A);
        if (rtl)
        {
            x.WriteAttributeString("rtl", "1");
        }

        RunProperties(x, "defRPr", rtl, size, bold, color);
        x.WriteEndElement();
        x.WriteStartElement("r", A);
        RunProperties(x, "rPr", rtl, size, bold, color);
        x.WriteElementString("t", A, SheetWriter.Sanitize(text));
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static void RunProperties(XmlWriter x, string name, bool rtl, int size, bool bold, string color)
    {
        x.WriteStartElement(name, A);
        if (rtl)
        {
            // Tells readers the run is Arabic, so they shape it with the complex-script font.
            x.WriteAttributeString("lang", "ar-MA");
        }

        x.WriteAttributeString("sz", size.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("b", bold ? "1" : "0");
        SolidFill(x, color);
        foreach (var script in new[] { "latin", "cs" })
        {
            x.WriteStartElement(script, A);
            x.WriteAttributeString("typeface", Font);
            x.WriteEndElement();
        }

        x.WriteEndElement();
    }

    /// <summary>c:txPr: the font, size and direction of an element's texts (axes, labels, legend).</summary>
    private static void TextProperties(XmlWriter x, bool rtl, int size)
    {
        x.WriteStartElement("txPr", C);
        x.WriteElementString("bodyPr", A, string.Empty);
        x.WriteElementString("lstStyle", A, string.Empty);
        x.WriteStartElement("p", A);
        x.WriteStartElement("pPr", A);
        if (rtl)
        {
            x.WriteAttributeString("rtl", "1");
        }

        RunProperties(x, "defRPr", rtl, size, bold: false, "404040");
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static void BarChart(XmlWriter x, NativeChart chart)
    {
        var pyramid = chart.Spec.Kind == ChartKind.Pyramid;
        x.WriteStartElement("barChart", C);
        Val(x, "barDir", "bar");
        Val(x, "grouping", "clustered");
        Val(x, "varyColors", "0");
        for (var i = 0; i < chart.Spec.Series.Count; i++)
        {
            Series(x, chart, i);
        }

        Val(x, "gapWidth", pyramid ? "10" : "60");
        if (pyramid)
        {
            // Men (negative) and women share each age group's row, one each side of zero.
            Val(x, "overlap", "100");
        }

        Val(x, "axId", CategoryAxis);
        Val(x, "axId", ValueAxis);
        x.WriteEndElement();
    }

    private static void LineChart(XmlWriter x, NativeChart chart)
    {
        x.WriteStartElement("lineChart", C);
        Val(x, "grouping", "standard");
        Val(x, "varyColors", "0");
        for (var i = 0; i < chart.Spec.Series.Count; i++)
        {
            Series(x, chart, i);
        }

        Val(x, "marker", "1");
        Val(x, "axId", CategoryAxis);
        Val(x, "axId", ValueAxis);
        x.WriteEndElement();
    }

    private static void Series(XmlWriter x, NativeChart chart, int i)
    {
        var spec = chart.Spec;
        var line = spec.Kind == ChartKind.Line;
        var color = Palette[i % Palette.Length];
        x.WriteStartElement("ser", C);
        Val(x, "idx", Int(i));
        Val(x, "order", Int(i));
        x.WriteStartElement("tx", C);
        x.WriteElementString("v", C, SheetWriter.Sanitize(spec.Series[i].Name));
        x.WriteEndElement();
        x.WriteStartElement("spPr", C);
        if (line)
        {
            x.WriteStartElement("ln", A);
            x.WriteAttributeString("w", "28575");
            x.WriteAttributeString("cap", "rnd");
            SolidFill(x, color);
            x.WriteElementString("round", A, string.Empty);
            x.WriteEndElement();
        }
        else
        {
            SolidFill(x, color);
        }

        x.WriteEndElement();
        if (line)
        {
            x.WriteStartElement("marker", C);
            Val(x, "symbol", "circle");
            Val(x, "size", "6");
            x.WriteStartElement("spPr", C);
            SolidFill(x, color);
            x.WriteStartElement("ln", A);
            SolidFill(x, color);
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndElement();
        }
        else
        {
            Val(x, "invertIfNegative", "0");
        }

        if (!(line && spec.Series.Count > 1))
        {
            DataLabels(x, spec); // several lines' labels would print over each other
        }

        var last = chart.FirstRow + spec.Categories.Count - 1;
        x.WriteStartElement("cat", C);
        x.WriteStartElement("strRef", C);
        x.WriteElementString("f", C, Range(chart.DataSheet, chart.CategoryColumn, chart.FirstRow, last));
        x.WriteStartElement("strCache", C);
        Val(x, "ptCount", Int(spec.Categories.Count));
        for (var k = 0; k < spec.Categories.Count; k++)
        {
            Point(x, k, SheetWriter.Sanitize(spec.Categories[k]));
        }

        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteStartElement("val", C);
        x.WriteStartElement("numRef", C);
        x.WriteElementString("f", C, Range(chart.DataSheet, chart.ValueColumns[i], chart.FirstRow, last));
        x.WriteStartElement("numCache", C);
        x.WriteElementString("formatCode", C, spec.Kind == ChartKind.Pyramid ? PyramidFormat(spec.Format) : FormatCode(spec.Format));
        Val(x, "ptCount", Int(spec.Categories.Count));
        var values = spec.Series[i].Values;
        for (var k = 0; k < Math.Min(values.Count, spec.Categories.Count); k++)
        {
            if (CellValue(spec, i, values[k]) is { } v)
            {
                Point(x, k, v.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        if (line)
        {
            Val(x, "smooth", "0");
        }

        x.WriteEndElement();
    }

    /// <summary>The value as the data sheet holds it: a pyramid's men are negated there.</summary>
    private static double? CellValue(ChartSpec spec, int series, double? value) =>
        spec.Kind == ChartKind.Pyramid && series == 0 && value is { } v ? -Math.Abs(v) : value;

    private static void DataLabels(XmlWriter x, ChartSpec spec)
    {
        x.WriteStartElement("dLbls", C);
        x.WriteStartElement("numFmt", C);
        x.WriteAttributeString("formatCode", spec.Kind == ChartKind.Pyramid ? PyramidFormat(spec.Format) : FormatCode(spec.Format));
        x.WriteAttributeString("sourceLinked", "0");
        x.WriteEndElement();
        x.WriteStartElement("spPr", C);
        x.WriteElementString("noFill", A, string.Empty);
        x.WriteStartElement("ln", A);
        x.WriteElementString("noFill", A, string.Empty);
        x.WriteEndElement();
        x.WriteEndElement();
        TextProperties(x, spec.RightToLeft, 800);
        Val(x, "dLblPos", spec.Kind == ChartKind.Line ? "t" : "outEnd");
        Val(x, "showLegendKey", "0");
        Val(x, "showVal", "1");
        Val(x, "showCatName", "0");
        Val(x, "showSerName", "0");
        Val(x, "showPercent", "0");
        Val(x, "showBubbleSize", "0");
        x.WriteEndElement();
    }

    private static void Axes(XmlWriter x, ChartSpec spec)
    {
        var rtl = spec.RightToLeft;
        var bar = spec.Kind == ChartKind.Bar;
        var pyramid = spec.Kind == ChartKind.Pyramid;

        // Bars list categories top to bottom (the first is drawn at the bottom otherwise); a
        // pyramid keeps the youngest at the bottom; an Arabic line runs its quarters right to left.
        var reverseCategories = bar || (spec.Kind == ChartKind.Line && rtl);

        // Bars grow rightwards from their labels in Arabic too (the value axis is never reversed):
        // with it reversed, LibreOffice draws the category labels past the chart's right edge.
        x.WriteStartElement("catAx", C);
        Val(x, "axId", CategoryAxis);
        Scaling(x, reverseCategories, null);
        Val(x, "delete", "0");
        Val(x, "axPos", spec.Kind == ChartKind.Line ? "b" : "l");
        x.WriteStartElement("numFmt", C);
        x.WriteAttributeString("formatCode", "General");
        x.WriteAttributeString("sourceLinked", "0");
        x.WriteEndElement();
        Val(x, "majorTickMark", "none");
        Val(x, "minorTickMark", "none");

        // A pyramid's zero line is mid-plot: its age labels go to the far side, clear of the bars.
        Val(x, "tickLblPos", pyramid ? "low" : "nextTo");
        AxisLine(x);
        TextProperties(x, rtl, 900);
        Val(x, "crossAx", ValueAxis);
        Val(x, "crosses", "autoZero");
        Val(x, "auto", "1");
        Val(x, "lblAlgn", "ctr");
        Val(x, "lblOffset", "100");
        Val(x, "noMultiLvlLbl", "0");
        x.WriteEndElement();

        x.WriteStartElement("valAx", C);
        Val(x, "axId", ValueAxis);
        var bound = pyramid ? PyramidBound(spec) : null;
        Scaling(x, false, bound);
        Val(x, "delete", "0");
        Val(x, "axPos", spec.Kind == ChartKind.Line ? (rtl ? "r" : "l") : "b");
        x.WriteStartElement("majorGridlines", C);
        x.WriteStartElement("spPr", C);
        x.WriteStartElement("ln", A);
        x.WriteAttributeString("w", "6350");
        SolidFill(x, "E0E0E0");
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteStartElement("numFmt", C);
        x.WriteAttributeString("formatCode", pyramid ? PyramidFormat(spec.Format) : spec.Format == ValueFormat.Percent ? "0%" : FormatCode(spec.Format));
        x.WriteAttributeString("sourceLinked", "0");
        x.WriteEndElement();
        Val(x, "majorTickMark", "none");
        Val(x, "minorTickMark", "none");
        Val(x, "tickLblPos", "nextTo");
        x.WriteStartElement("spPr", C);
        x.WriteStartElement("ln", A);
        x.WriteElementString("noFill", A, string.Empty);
        x.WriteEndElement();
        x.WriteEndElement();
        TextProperties(x, rtl, 900);
        Val(x, "crossAx", CategoryAxis);

        // With the categories reversed, "max" keeps the value axis at the bottom under the bars.
        Val(x, "crosses", bar ? "max" : "autoZero");
        Val(x, "crossBetween", "between");
        if (bound is { } b)
        {
            // Five labels (bound, half, zero, half, bound): ten thousands-separated ones run together.
            Val(x, "majorUnit", (b / 2).ToString("R", CultureInfo.InvariantCulture));
        }

        x.WriteEndElement();
    }

    private static void Scaling(XmlWriter x, bool reversed, double? bound)
    {
        x.WriteStartElement("scaling", C);
        Val(x, "orientation", reversed ? "maxMin" : "minMax");
        if (bound is { } b)
        {
            Val(x, "max", b.ToString("R", CultureInfo.InvariantCulture));
            Val(x, "min", (-b).ToString("R", CultureInfo.InvariantCulture));
        }

        x.WriteEndElement();
    }

    /// <summary>The same round bound on both sides, so zero sits mid-plot and the two halves compare.</summary>
    private static double? PyramidBound(ChartSpec spec)
    {
        var max = spec.Series.SelectMany(s => s.Values).Select(v => v is { } d ? Math.Abs(d) : 0).DefaultIfEmpty(0).Max();
        if (max <= 0 || double.IsNaN(max) || double.IsInfinity(max))
        {
            return null;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var step in new[] { 1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10 })
        {
            if (step * magnitude >= max * 1.08)
            {
                return Math.Round(step * magnitude, 10);
            }
        }

        return Math.Round(12 * magnitude, 10);
    }

    private static void AxisLine(XmlWriter x)
    {
        x.WriteStartElement("spPr", C);
        x.WriteStartElement("ln", A);
        x.WriteAttributeString("w", "9525");
        SolidFill(x, "A6A6A6");
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static string FormatCode(ValueFormat format) => format switch
    {
        ValueFormat.Percent => "0.0%",
        ValueFormat.Number => "#,##0",
        _ => "#,##0.0",
    };

    /// <summary>Both sides of a pyramid read as positive: the men's negated values lose their sign.</summary>
    private static string PyramidFormat(ValueFormat format) => format switch
    {
        ValueFormat.Percent => "0.0%;0.0%",
        ValueFormat.Decimal => "#,##0.0;#,##0.0",
        _ => "#,##0;#,##0",
    };

    /// <summary>An absolute reference to rows of one column: <c>'Sheet name'!$A$5:$A$12</c>.</summary>
    internal static string Range(string sheet, int column, int firstRow, int lastRow)
    {
        var name = "'" + XlsxWriter.SafeSheetName(sheet).Replace("'", "''", StringComparison.Ordinal) + "'";
        var col = Submissions.HeaderDetector.ColumnName(column);
        return string.Create(CultureInfo.InvariantCulture, $"{name}!${col}${firstRow}:${col}${lastRow}");
    }

    private static void Point(XmlWriter x, int index, string value)
    {
        x.WriteStartElement("pt", C);
        x.WriteAttributeString("idx", Int(index));
        x.WriteElementString("v", C, value);
        x.WriteEndElement();
    }

    private static void SolidFill(XmlWriter x, string rgb)
    {
        x.WriteStartElement("solidFill", A);
        x.WriteStartElement("srgbClr", A);
        x.WriteAttributeString("val", rgb);
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static void Val(XmlWriter x, string name, string value)
    {
        x.WriteStartElement(name, C);
        x.WriteAttributeString("val", value);
        x.WriteEndElement();
    }

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
