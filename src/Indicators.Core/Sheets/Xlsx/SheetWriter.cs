using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using Indicators.Packs;

namespace Indicators.Sheets.Xlsx;

/// <summary>Streams one worksheet: rows in order, then list validations, charts and cell comments at the end.</summary>
public sealed class SheetWriter : IDisposable
{
    private const string Main = XlsxWriter.Main;
    private readonly XlsxWriter owner;
    private readonly ZipArchive zip;
    private readonly int index;
    private readonly XmlWriter x;
    private readonly List<(string Range, string Formula, string? Prompt)> validations = [];
    private readonly List<(int Row, int Column, string Text)> comments = [];
    private readonly List<string> columnNames = [];
    private readonly List<string> merges = [];
    private readonly List<(NativeChart Chart, int FromRow, int FromColumn, int ToRow, int ToColumn)> charts = [];
    private readonly bool fitToWidth;
    private int currentRow;
    private bool inRow;
    private bool disposed;

    internal SheetWriter(XlsxWriter owner, ZipArchive zip, int index, SheetOptions options)
    {
        this.owner = owner;
        this.zip = zip;
        this.index = index;
        var entry = zip.CreateEntry($"xl/worksheets/sheet{index}.xml", CompressionLevel.Fastest);
        entry.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        x = XlsxWriter.CreateXml(entry.Open());
        x.WriteStartDocument(true);
        x.WriteStartElement("worksheet", Main);
        x.WriteAttributeString("xmlns", "r", null, XlsxWriter.RelNs);
        fitToWidth = options.FitToWidth;
        if (options.TabColor is not null || options.FitToWidth)
        {
            x.WriteStartElement("sheetPr", Main);
            if (options.TabColor is not null)
            {
                x.WriteStartElement("tabColor", Main);
                x.WriteAttributeString("rgb", "FF" + options.TabColor);
                x.WriteEndElement();
            }

            if (options.FitToWidth)
            {
                x.WriteStartElement("pageSetUpPr", Main);
                x.WriteAttributeString("fitToPage", "1");
                x.WriteEndElement();
            }

            x.WriteEndElement();
        }

        x.WriteStartElement("sheetViews", Main);
        x.WriteStartElement("sheetView", Main);
        if (options.RightToLeft)
        {
            x.WriteAttributeString("rightToLeft", "1");
        }

        x.WriteAttributeString("workbookViewId", "0");
        if (options.FrozenRows > 0)
        {
            x.WriteStartElement("pane", Main);
            x.WriteAttributeString("ySplit", options.FrozenRows.ToString(CultureInfo.InvariantCulture));
            x.WriteAttributeString("topLeftCell", "A" + (options.FrozenRows + 1).ToString(CultureInfo.InvariantCulture));
            x.WriteAttributeString("activePane", "bottomLeft");
            x.WriteAttributeString("state", "frozen");
            x.WriteEndElement();
        }

        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteStartElement("sheetFormatPr", Main);
        x.WriteAttributeString("defaultRowHeight", "15");
        x.WriteEndElement();
        if (options.ColumnWidths.Count > 0)
        {
            x.WriteStartElement("cols", Main);
            for (var i = 0; i < options.ColumnWidths.Count; i++)
            {
                x.WriteStartElement("col", Main);
                var n = (i + 1).ToString(CultureInfo.InvariantCulture);
                x.WriteAttributeString("min", n);
                x.WriteAttributeString("max", n);
                x.WriteAttributeString("width", options.ColumnWidths[i].ToString(CultureInfo.InvariantCulture));
                x.WriteAttributeString("customWidth", "1");
                x.WriteEndElement();
            }

            x.WriteEndElement();
        }

        x.WriteStartElement("sheetData", Main);
    }

    /// <summary>Starts row <paramref name="number"/> (1-based; must increase).</summary>
    public SheetWriter Row(int number, double? height = null)
    {
        EndRow();
        if (number <= currentRow)
        {
            throw new InvalidOperationException($"Row {number} written after row {currentRow}.");
        }

        currentRow = number;
        x.WriteStartElement("row", Main);
        x.WriteAttributeString("r", number.ToString(CultureInfo.InvariantCulture));
        if (height is { } h)
        {
            x.WriteAttributeString("ht", h.ToString(CultureInfo.InvariantCulture));
            x.WriteAttributeString("customHeight", "1");
        }

        inRow = true;
        return this;
    }

    /// <summary>
    /// A row height that shows every line of wrapped texts in columns of the given widths (in
    /// characters): readers do not all size rows to wrapped text on their own.
    /// </summary>
    public static double HeightFor(IEnumerable<(string? Text, double Width)> cells, double lineHeight = 13)
    {
        var lines = 1;
        foreach (var (text, width) in cells)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            var perLine = Math.Max(1, (int)(width * 1.1));
            var count = text.Split('\n').Sum(part => Math.Max(1, (int)Math.Ceiling(part.Length / (double)perLine)));
            lines = Math.Max(lines, count);
        }

        return Math.Max(15, (lines * lineHeight) + 3);
    }

    /// <summary>Starts the row after the last one written.</summary>
    public SheetWriter NextRow(double? height = null) => Row(currentRow + 1, height);

    public int CurrentRow => currentRow;

    public SheetWriter Text(int column, string? value, XlsxStyle style = XlsxStyle.Default)
    {
        if (string.IsNullOrEmpty(value) && style == XlsxStyle.Default)
        {
            return this;
        }

        StartCell(column, style, "inlineStr");
        x.WriteStartElement("is", Main);
        x.WriteStartElement("t", Main);
        var clean = Sanitize(value ?? string.Empty);
        if (clean.Length > 0 && (char.IsWhiteSpace(clean[0]) || char.IsWhiteSpace(clean[^1])))
        {
            x.WriteAttributeString("xml", "space", null, "preserve");
        }

        x.WriteString(clean);
        x.WriteEndElement();
        x.WriteEndElement();
        x.WriteEndElement();
        return this;
    }

    public SheetWriter Number(int column, double value, XlsxStyle style = XlsxStyle.Default)
    {
        StartCell(column, style, null);
        x.WriteElementString("v", Main, value.ToString("R", CultureInfo.InvariantCulture));
        x.WriteEndElement();
        return this;
    }

    public SheetWriter Date(int column, DateOnly value, XlsxStyle style = XlsxStyle.Date) =>
        Number(column, ExcelDates.ToSerial(value), style);

    public SheetWriter Boolean(int column, bool value, XlsxStyle style = XlsxStyle.Default)
    {
        StartCell(column, style, "b");
        x.WriteElementString("v", Main, value ? "1" : "0");
        x.WriteEndElement();
        return this;
    }

    /// <summary>A dropdown: cells of <paramref name="range"/> take values from <paramref name="listFormula"/> (e.g. <c>'Lists'!$A$2:$A$9</c>).</summary>
    public void ListValidation(string range, string listFormula, string? prompt = null) => validations.Add((range, listFormula, prompt));

    /// <summary>Merges a range such as <c>A3:E3</c> (the first cell's value shows).</summary>
    public void Merge(string range) => merges.Add(range);

    /// <summary>A note on a cell (0-based column), shown on hover.</summary>
    public void Comment(int row, int column, string text) => comments.Add((row, column, text));

    /// <summary>
    /// A native chart drawn from cells (its data may be on another sheet), anchored from the top-left
    /// corner of cell (<paramref name="fromRow"/>, <paramref name="fromColumn"/>) to the top-left
    /// corner of (<paramref name="toRow"/>, <paramref name="toColumn"/>), all 0-based on this sheet.
    /// </summary>
    public void Chart(NativeChart chart, int fromRow, int fromColumn, int toRow, int toColumn)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (chart.ValueColumns.Count != chart.Spec.Series.Count)
        {
            throw new ArgumentException($"{chart.Spec.Series.Count} series but {chart.ValueColumns.Count} value columns.", nameof(chart));
        }

        if (chart.Spec.Kind == ChartKind.Pyramid && chart.Spec.Series.Count != 2)
        {
            throw new ArgumentException("A pyramid has two series (men, women).", nameof(chart));
        }

        if (chart.FirstRow < 1 || chart.Spec.Categories.Count == 0)
        {
            throw new ArgumentException("A chart needs categories from row 1 or below.", nameof(chart));
        }

        if (fromRow < 0 || fromColumn < 0 || toRow <= fromRow || toColumn <= fromColumn)
        {
            throw new ArgumentOutOfRangeException(nameof(toRow), "The anchor must span at least one cell down and across.");
        }

        charts.Add((chart, fromRow, fromColumn, toRow, toColumn));
    }

    public string CellRef(int row, int column) => ColumnName(column) + row.ToString(CultureInfo.InvariantCulture);

    public string ColumnName(int column)
    {
        while (columnNames.Count <= column)
        {
            columnNames.Add(Submissions.HeaderDetector.ColumnName(columnNames.Count));
        }

        return columnNames[column];
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        EndRow();
        x.WriteEndElement(); // sheetData
        if (merges.Count > 0)
        {
            x.WriteStartElement("mergeCells", Main);
            x.WriteAttributeString("count", merges.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var range in merges)
            {
                x.WriteStartElement("mergeCell", Main);
                x.WriteAttributeString("ref", range);
                x.WriteEndElement();
            }

            x.WriteEndElement();
        }

        if (validations.Count > 0)
        {
            x.WriteStartElement("dataValidations", Main);
            x.WriteAttributeString("count", validations.Count.ToString(CultureInfo.InvariantCulture));
            foreach (var (range, formula, prompt) in validations)
            {
                x.WriteStartElement("dataValidation", Main);
                x.WriteAttributeString("type", "list");
                x.WriteAttributeString("errorStyle", "warning");
                x.WriteAttributeString("allowBlank", "1");
                x.WriteAttributeString("showInputMessage", prompt is null ? "0" : "1");
                x.WriteAttributeString("showErrorMessage", "1");
                if (prompt is not null)
                {
                    x.WriteAttributeString("prompt", Truncate(Sanitize(prompt), 255));
                }

                x.WriteAttributeString("sqref", range);
                x.WriteElementString("formula1", Main, formula);
                x.WriteEndElement();
            }

            x.WriteEndElement();
        }

        x.WriteStartElement("pageMargins", Main);
        foreach (var (name, value) in new[] { ("left", "0.5"), ("right", "0.5"), ("top", "0.6"), ("bottom", "0.6"), ("header", "0.3"), ("footer", "0.3") })
        {
            x.WriteAttributeString(name, value);
        }

        x.WriteEndElement();
        if (fitToWidth)
        {
            x.WriteStartElement("pageSetup", Main);
            x.WriteAttributeString("paperSize", "9");
            x.WriteAttributeString("orientation", "landscape");
            x.WriteAttributeString("fitToWidth", "1");
            x.WriteAttributeString("fitToHeight", "0");
            x.WriteEndElement();
        }

        if (charts.Count > 0)
        {
            x.WriteStartElement("drawing", Main);
            x.WriteAttributeString("id", XlsxWriter.RelNs, "rIdDrawing");
            x.WriteEndElement();
        }

        if (comments.Count > 0)
        {
            x.WriteStartElement("legacyDrawing", Main);
            x.WriteAttributeString("id", XlsxWriter.RelNs, "rIdVml");
            x.WriteEndElement();
        }

        x.WriteEndElement();
        x.WriteEndDocument();
        x.Dispose();
        if (comments.Count > 0 || charts.Count > 0)
        {
            WriteRelationships();
        }

        if (comments.Count > 0)
        {
            WriteComments();
        }

        if (charts.Count > 0)
        {
            WriteDrawing();
        }
    }

    private void StartCell(int column, XlsxStyle style, string? type)
    {
        x.WriteStartElement("c", Main);
        x.WriteAttributeString("r", CellRef(currentRow, column));
        if (style != XlsxStyle.Default)
        {
            x.WriteAttributeString("s", ((int)style).ToString(CultureInfo.InvariantCulture));
        }

        if (type is not null)
        {
            x.WriteAttributeString("t", type);
        }
    }

    private void EndRow()
    {
        if (inRow)
        {
            x.WriteEndElement();
            inRow = false;
        }
    }

    private void WriteRelationships() =>
        XlsxWriter.WritePart(zip, $"xl/worksheets/_rels/sheet{index}.xml.rels", r =>
        {
            r.WriteStartElement("Relationships", XlsxWriter.PackageRels);
            if (comments.Count > 0)
            {
                XlsxWriter.Relationship(r, "rIdComments", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments", $"../comments{index}.xml");
                XlsxWriter.Relationship(r, "rIdVml", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing", $"../drawings/vmlDrawing{index}.vml");
            }

            if (charts.Count > 0)
            {
                XlsxWriter.Relationship(r, "rIdDrawing", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing", $"../drawings/drawing{index}.xml");
            }

            r.WriteEndElement();
        });

    /// <summary>One drawing part per sheet holding every chart's anchor; chart parts are numbered across the workbook.</summary>
    private void WriteDrawing()
    {
        var firstChart = owner.SheetHasCharts(index, charts.Count);
        XlsxWriter.WritePart(zip, $"xl/drawings/_rels/drawing{index}.xml.rels", r =>
        {
            r.WriteStartElement("Relationships", XlsxWriter.PackageRels);
            for (var i = 0; i < charts.Count; i++)
            {
                XlsxWriter.Relationship(r, Invariant($"rId{i + 1}"), "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart", Invariant($"../charts/chart{firstChart + i}.xml"));
            }

            r.WriteEndElement();
        });
        XlsxWriter.WritePart(zip, $"xl/drawings/drawing{index}.xml", d =>
        {
            const string xdr = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";
            d.WriteStartElement("xdr", "wsDr", xdr);
            d.WriteAttributeString("xmlns", "a", null, ChartPartWriter.A);
            for (var i = 0; i < charts.Count; i++)
            {
                var (_, fromRow, fromColumn, toRow, toColumn) = charts[i];
                d.WriteStartElement("twoCellAnchor", xdr);
                foreach (var (name, row, column) in new[] { ("from", fromRow, fromColumn), ("to", toRow, toColumn) })
                {
                    d.WriteStartElement(name, xdr);
                    d.WriteElementString("col", xdr, Invariant($"{column}"));
                    d.WriteElementString("colOff", xdr, "0");
                    d.WriteElementString("row", xdr, Invariant($"{row}"));
                    d.WriteElementString("rowOff", xdr, "0");
                    d.WriteEndElement();
                }

                d.WriteStartElement("graphicFrame", xdr);
                d.WriteAttributeString("macro", string.Empty);
                d.WriteStartElement("nvGraphicFramePr", xdr);
                d.WriteStartElement("cNvPr", xdr);
                d.WriteAttributeString("id", Invariant($"{i + 2}"));
                d.WriteAttributeString("name", Invariant($"Chart {i + 1}"));
                d.WriteEndElement();
                d.WriteElementString("cNvGraphicFramePr", xdr, string.Empty);
                d.WriteEndElement();
                d.WriteStartElement("xfrm", xdr);
                d.WriteStartElement("off", ChartPartWriter.A);
                d.WriteAttributeString("x", "0");
                d.WriteAttributeString("y", "0");
                d.WriteEndElement();
                d.WriteStartElement("ext", ChartPartWriter.A);
                d.WriteAttributeString("cx", "0");
                d.WriteAttributeString("cy", "0");
                d.WriteEndElement();
                d.WriteEndElement();
                d.WriteStartElement("graphic", ChartPartWriter.A);
                d.WriteStartElement("graphicData", ChartPartWriter.A);
                d.WriteAttributeString("uri", ChartPartWriter.C);
                d.WriteStartElement("c", "chart", ChartPartWriter.C);
                d.WriteAttributeString("r", "id", XlsxWriter.RelNs, Invariant($"rId{i + 1}"));
                d.WriteEndElement();
                d.WriteEndElement();
                d.WriteEndElement();
                d.WriteEndElement(); // graphicFrame
                d.WriteElementString("clientData", xdr, string.Empty);
                d.WriteEndElement(); // twoCellAnchor
            }

            d.WriteEndElement();
        });
        for (var i = 0; i < charts.Count; i++)
        {
            var chart = charts[i].Chart;
            XlsxWriter.WritePart(zip, Invariant($"xl/charts/chart{firstChart + i}.xml"), c => ChartPartWriter.Write(c, chart));
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private void WriteComments()
    {
        owner.SheetHasComments(index);
        XlsxWriter.WritePart(zip, $"xl/comments{index}.xml", c =>
        {
            c.WriteStartElement("comments", Main);
            c.WriteStartElement("authors", Main);
            c.WriteElementString("author", Main, "Indicators");
            c.WriteEndElement();
            c.WriteStartElement("commentList", Main);
            foreach (var (row, column, text) in comments)
            {
                c.WriteStartElement("comment", Main);
                c.WriteAttributeString("ref", CellRef(row, column));
                c.WriteAttributeString("authorId", "0");
                c.WriteStartElement("text", Main);
                c.WriteStartElement("t", Main);
                c.WriteAttributeString("xml", "space", null, "preserve");
                c.WriteString(Sanitize(text));
                c.WriteEndElement();
                c.WriteEndElement();
                c.WriteEndElement();
            }

            c.WriteEndElement();
            c.WriteEndElement();
        });

        // Excel shows notes through VML shapes; one hidden shape per comment.
        var entry = zip.CreateEntry($"xl/drawings/vmlDrawing{index}.vml", CompressionLevel.Fastest);
        entry.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var w = new StreamWriter(entry.Open(), new UTF8Encoding(false));
        w.Write("""<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>""");
        var id = 1025;
        foreach (var (row, column, _) in comments)
        {
            w.Write(string.Create(CultureInfo.InvariantCulture, $"""<v:shape id="_x0000_s{id++}" type="#_x0000_t202" style="position:absolute;margin-left:60pt;margin-top:2pt;width:220pt;height:80pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{column + 1}, 15, {row - 1}, 2, {column + 4}, 15, {row + 4}, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row - 1}</x:Row><x:Column>{column}</x:Column></x:ClientData></v:shape>"""));
        }

        w.Write("</xml>");
    }

    /// <summary>Characters XML cannot carry are written as OOXML's <c>_xHHHH_</c> escapes.</summary>
    internal static string Sanitize(string text)
    {
        var ok = true;
        foreach (var c in text)
        {
            if (!XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))
            {
                ok = false;
                break;
            }
        }

        if (ok)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"_x{(int)c:X4}_");
            }
        }

        return sb.ToString();
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..max];
}

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

        DataLabels(x, spec);
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

        // Arabic bars grow leftwards from labels on the right; a pyramid keeps men on the left.
        var reverseValues = bar && rtl;
        x.WriteStartElement("catAx", C);
        Val(x, "axId", CategoryAxis);
        Scaling(x, reverseCategories, null);
        Val(x, "delete", "0");
        Val(x, "axPos", spec.Kind == ChartKind.Line ? "b" : reverseValues ? "r" : "l");
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
        Scaling(x, reverseValues, bound);
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
