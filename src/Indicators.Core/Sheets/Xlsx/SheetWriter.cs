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

    /// <summary>A cell with a style and no value: charts see it as a gap, not as text or zero.</summary>
    public SheetWriter Blank(int column, XlsxStyle style)
    {
        StartCell(column, style, null);
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
