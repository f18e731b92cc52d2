using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace Indicators.Sheets.Xlsx;

/// <summary>The cell styles every workbook we write shares (styles.xml is fixed).</summary>
public enum XlsxStyle
{
    Default = 0,
    Header = 1,
    Date = 2,
    Error = 3,
    Wrap = 4,
    Title = 5,
    ErrorDate = 6,
    Muted = 7,

    /// <summary>A fraction shown as a percentage with one decimal, in a bordered table cell.</summary>
    Percent = 8,

    /// <summary>As <see cref="Percent"/>, marked as low reliability (flag u): italic on a pale yellow fill.</summary>
    PercentLow = 9,

    /// <summary>A number with one decimal and thousands separators, bordered.</summary>
    Decimal = 10,

    DecimalLow = 11,

    /// <summary>A whole number with thousands separators, bordered.</summary>
    Integer = 12,

    IntegerLow = 13,

    /// <summary>A suppressed value (flag x): blank on a grey fill.</summary>
    Suppressed = 14,

    /// <summary>Text in a bordered table cell, wrapped, top-aligned.</summary>
    Cell = 15,

    /// <summary>A whole number shown without its sign (the men's side of a pyramid), bordered.</summary>
    AbsInteger = 16,

    /// <summary>A change with its sign and one decimal (+1.5, −0.3), bordered.</summary>
    SignedDecimal = 17,
}

public sealed record SheetOptions
{
    public bool RightToLeft { get; init; }

    public bool Hidden { get; init; }

    /// <summary>Rows kept visible at the top (the header).</summary>
    public int FrozenRows { get; init; }

    /// <summary>Column widths in characters, from column A.</summary>
    public IReadOnlyList<double> ColumnWidths { get; init; } = [];

    /// <summary>Colour of the sheet's tab (RRGGBB), or null.</summary>
    public string? TabColor { get; init; }

    /// <summary>Printed landscape, scaled to the page width (LibreOffice and Excel split wide sheets otherwise).</summary>
    public bool FitToWidth { get; init; }
}

/// <summary>
/// Writes .xlsx straight into a zip opened for creation: each sheet's XML streams into its entry,
/// so a million rows take no more memory than ten. Every string is an inline string (never a
/// formula), every number an invariant-culture number. Output passes OpenXmlValidator.
/// </summary>
public sealed class XlsxWriter : IDisposable
{
    internal const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    internal const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    internal const string PackageRels = "http://schemas.openxmlformats.org/package/2006/relationships";
    private readonly ZipArchive zip;
    private readonly List<(string Name, bool Hidden, bool HasComments, bool HasDrawing)> sheets = [];
    private int chartCount;
    private SheetWriter? open;
    private bool finished;

    public XlsxWriter(Stream output) => zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);

    public string FontName { get; init; } = "Arial";

    public SheetWriter AddSheet(string name, SheetOptions? options = null)
    {
        open?.Dispose();
        var index = sheets.Count + 1;
        sheets.Add((SafeSheetName(name), options?.Hidden ?? false, false, false));
        open = new SheetWriter(this, zip, index, options ?? new SheetOptions());
        return open;
    }

    internal void SheetHasComments(int index) => sheets[index - 1] = sheets[index - 1] with { HasComments = true };

    /// <summary>Records a sheet's drawing part and reserves its charts' numbers; returns the first (1-based).</summary>
    internal int SheetHasCharts(int index, int count)
    {
        sheets[index - 1] = sheets[index - 1] with { HasDrawing = true };
        var first = chartCount + 1;
        chartCount += count;
        return first;
    }

    public void Dispose()
    {
        if (!finished)
        {
            finished = true;
            open?.Dispose();
            WriteWorkbook();
            WriteStyles();
            WriteContentTypes();
            WritePart("_rels/.rels", x =>
            {
                x.WriteStartElement("Relationships", PackageRels);
                Relationship(x, "rId1", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument", "xl/workbook.xml");
                x.WriteEndElement();
            });
        }

        zip.Dispose();
    }

    /// <summary>Sheet names: at most 31 characters, none of []:*?/\ .</summary>
    public static string SafeSheetName(string name)
    {
        var clean = new string(name.Select(c => "[]:*?/\\".Contains(c, StringComparison.Ordinal) ? '_' : c).ToArray()).Trim('\'');
        return clean.Length > 31 ? clean[..31] : clean.Length == 0 ? "Sheet" : clean;
    }

    internal static XmlWriter CreateXml(Stream stream) => XmlWriter.Create(stream, new XmlWriterSettings
    {
        Encoding = new UTF8Encoding(false),
        CloseOutput = true,
        Indent = false,
    });

    internal static void Relationship(XmlWriter x, string id, string type, string target)
    {
        x.WriteStartElement("Relationship", PackageRels);
        x.WriteAttributeString("Id", id);
        x.WriteAttributeString("Type", type);
        x.WriteAttributeString("Target", target);
        x.WriteEndElement();
    }

    internal void WritePart(string path, Action<XmlWriter> write) => WritePart(zip, path, write);

    internal static void WritePart(ZipArchive zip, string path, Action<XmlWriter> write)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
        entry.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var x = CreateXml(entry.Open());
        x.WriteStartDocument(true);
        write(x);
        x.WriteEndDocument();
    }

    private void WriteWorkbook()
    {
        WritePart("xl/workbook.xml", x =>
        {
            x.WriteStartElement("workbook", Main);
            x.WriteAttributeString("xmlns", "r", null, RelNs);
            x.WriteStartElement("bookViews", Main);
            x.WriteStartElement("workbookView", Main);
            var firstVisible = Math.Max(0, sheets.FindIndex(s => !s.Hidden));
            x.WriteAttributeString("activeTab", firstVisible.ToString(CultureInfo.InvariantCulture));
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteStartElement("sheets", Main);
            for (var i = 0; i < sheets.Count; i++)
            {
                x.WriteStartElement("sheet", Main);
                x.WriteAttributeString("name", sheets[i].Name);
                x.WriteAttributeString("sheetId", (i + 1).ToString(CultureInfo.InvariantCulture));
                if (sheets[i].Hidden)
                {
                    x.WriteAttributeString("state", "hidden");
                }

                x.WriteAttributeString("id", RelNs, $"rId{i + 1}");
                x.WriteEndElement();
            }

            x.WriteEndElement();
            x.WriteEndElement();
        });
        WritePart("xl/_rels/workbook.xml.rels", x =>
        {
            x.WriteStartElement("Relationships", PackageRels);
            for (var i = 0; i < sheets.Count; i++)
            {
                Relationship(x, $"rId{i + 1}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet", $"worksheets/sheet{i + 1}.xml");
            }

            Relationship(x, $"rId{sheets.Count + 1}", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles", "styles.xml");
            x.WriteEndElement();
        });
    }

    private void WriteContentTypes()
    {
        WritePart("[Content_Types].xml", x =>
        {
            const string ns = "http://schemas.openxmlformats.org/package/2006/content-types";
            x.WriteStartElement("Types", ns);
            void Default(string ext, string type)
            {
                x.WriteStartElement("Default", ns);
                x.WriteAttributeString("Extension", ext);
                x.WriteAttributeString("ContentType", type);
                x.WriteEndElement();
            }

            void Override(string part, string type)
            {
                x.WriteStartElement("Override", ns);
                x.WriteAttributeString("PartName", part);
                x.WriteAttributeString("ContentType", type);
                x.WriteEndElement();
            }

            Default("rels", "application/vnd.openxmlformats-package.relationships+xml");
            Default("xml", "application/xml");
            Default("vml", "application/vnd.openxmlformats-officedocument.vmlDrawing");
            Override("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
            Override("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
            for (var i = 0; i < sheets.Count; i++)
            {
                Override($"/xl/worksheets/sheet{i + 1}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
                if (sheets[i].HasComments)
                {
                    Override($"/xl/comments{i + 1}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml");
                }

                if (sheets[i].HasDrawing)
                {
                    Override($"/xl/drawings/drawing{i + 1}.xml", "application/vnd.openxmlformats-officedocument.drawing+xml");
                }
            }

            for (var k = 1; k <= chartCount; k++)
            {
                Override($"/xl/charts/chart{k}.xml", "application/vnd.openxmlformats-officedocument.drawingml.chart+xml");
            }

            x.WriteEndElement();
        });
    }

    private void WriteStyles()
    {
        WritePart("xl/styles.xml", x =>
        {
            x.WriteStartElement("styleSheet", Main);
            x.WriteStartElement("numFmts", Main);
            x.WriteAttributeString("count", "5");
            foreach (var (id, code) in new[] { ("164", "dd/mm/yyyy"), ("165", "0.0%"), ("166", "#,##0.0"), ("167", "#,##0;#,##0"), ("168", "+#,##0.0;-#,##0.0;0.0") })
            {
                x.WriteStartElement("numFmt", Main);
                x.WriteAttributeString("numFmtId", id);
                x.WriteAttributeString("formatCode", code);
                x.WriteEndElement();
            }

            x.WriteEndElement();

            x.WriteStartElement("fonts", Main);
            x.WriteAttributeString("count", "5");
            Font(x, bold: false, size: 10, color: null);
            Font(x, bold: true, size: 10, color: null);
            Font(x, bold: true, size: 14, color: "FF1F3864");
            Font(x, bold: false, size: 9, color: "FF595959");
            Font(x, bold: false, size: 10, color: "FF7F6000", italic: true);
            x.WriteEndElement();

            x.WriteStartElement("fills", Main);
            x.WriteAttributeString("count", "6");
            Fill(x, "none", null);
            Fill(x, "gray125", null);
            Fill(x, "solid", "FFD9E2F3");
            Fill(x, "solid", "FFFFC7CE");
            Fill(x, "solid", "FFFFF2CC");
            Fill(x, "solid", "FFE7E6E6");
            x.WriteEndElement();

            x.WriteStartElement("borders", Main);
            x.WriteAttributeString("count", "2");
            x.WriteStartElement("border", Main);
            foreach (var side in new[] { "left", "right", "top", "bottom", "diagonal" })
            {
                x.WriteElementString(side, Main, string.Empty);
            }

            x.WriteEndElement();
            x.WriteStartElement("border", Main);
            foreach (var side in new[] { "left", "right", "top", "bottom" })
            {
                x.WriteStartElement(side, Main);
                x.WriteAttributeString("style", "thin");
                x.WriteStartElement("color", Main);
                x.WriteAttributeString("rgb", "FFBFBFBF");
                x.WriteEndElement();
                x.WriteEndElement();
            }

            x.WriteElementString("diagonal", Main, string.Empty);
            x.WriteEndElement();
            x.WriteEndElement();

            x.WriteStartElement("cellStyleXfs", Main);
            x.WriteAttributeString("count", "1");
            Xf(x, 0, 0, 0, 0, wrap: false, inCellXfs: false);
            x.WriteEndElement();

            // Order matches XlsxStyle.
            x.WriteStartElement("cellXfs", Main);
            x.WriteAttributeString("count", "18");
            Xf(x, numFmt: 0, font: 0, fill: 0, border: 0, wrap: false);
            Xf(x, numFmt: 0, font: 1, fill: 2, border: 1, wrap: true);
            Xf(x, numFmt: 164, font: 0, fill: 0, border: 0, wrap: false);
            Xf(x, numFmt: 0, font: 0, fill: 3, border: 1, wrap: false);
            Xf(x, numFmt: 0, font: 0, fill: 0, border: 0, wrap: true);
            Xf(x, numFmt: 0, font: 2, fill: 0, border: 0, wrap: false);
            Xf(x, numFmt: 164, font: 0, fill: 3, border: 1, wrap: false);
            Xf(x, numFmt: 0, font: 3, fill: 0, border: 0, wrap: true);
            Xf(x, numFmt: 165, font: 0, fill: 0, border: 1, wrap: false);
            Xf(x, numFmt: 165, font: 4, fill: 4, border: 1, wrap: false);
            Xf(x, numFmt: 166, font: 0, fill: 0, border: 1, wrap: false);
            Xf(x, numFmt: 166, font: 4, fill: 4, border: 1, wrap: false);
            Xf(x, numFmt: 3, font: 0, fill: 0, border: 1, wrap: false);
            Xf(x, numFmt: 3, font: 4, fill: 4, border: 1, wrap: false);
            Xf(x, numFmt: 0, font: 0, fill: 5, border: 1, wrap: false);
            Xf(x, numFmt: 0, font: 0, fill: 0, border: 1, wrap: true);
            Xf(x, numFmt: 167, font: 0, fill: 0, border: 1, wrap: false);
            Xf(x, numFmt: 168, font: 0, fill: 0, border: 1, wrap: false);
            x.WriteEndElement();

            x.WriteStartElement("cellStyles", Main);
            x.WriteAttributeString("count", "1");
            x.WriteStartElement("cellStyle", Main);
            x.WriteAttributeString("name", "Normal");
            x.WriteAttributeString("xfId", "0");
            x.WriteAttributeString("builtinId", "0");
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndElement();
        });
    }

    private void Font(XmlWriter x, bool bold, int size, string? color, bool italic = false)
    {
        x.WriteStartElement("font", Main);
        if (bold)
        {
            x.WriteElementString("b", Main, string.Empty);
        }

        if (italic)
        {
            x.WriteElementString("i", Main, string.Empty);
        }

        x.WriteStartElement("sz", Main);
        x.WriteAttributeString("val", size.ToString(CultureInfo.InvariantCulture));
        x.WriteEndElement();
        if (color is not null)
        {
            x.WriteStartElement("color", Main);
            x.WriteAttributeString("rgb", color);
            x.WriteEndElement();
        }

        x.WriteStartElement("name", Main);
        x.WriteAttributeString("val", FontName);
        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static void Fill(XmlWriter x, string pattern, string? rgb)
    {
        x.WriteStartElement("fill", Main);
        x.WriteStartElement("patternFill", Main);
        x.WriteAttributeString("patternType", pattern);
        if (rgb is not null)
        {
            x.WriteStartElement("fgColor", Main);
            x.WriteAttributeString("rgb", rgb);
            x.WriteEndElement();
            x.WriteStartElement("bgColor", Main);
            x.WriteAttributeString("indexed", "64");
            x.WriteEndElement();
        }

        x.WriteEndElement();
        x.WriteEndElement();
    }

    private static void Xf(XmlWriter x, int numFmt, int font, int fill, int border, bool wrap, bool inCellXfs = true)
    {
        x.WriteStartElement("xf", Main);
        x.WriteAttributeString("numFmtId", numFmt.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("fontId", font.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("fillId", fill.ToString(CultureInfo.InvariantCulture));
        x.WriteAttributeString("borderId", border.ToString(CultureInfo.InvariantCulture));
        if (inCellXfs)
        {
            x.WriteAttributeString("xfId", "0");
            if (numFmt != 0)
            {
                x.WriteAttributeString("applyNumberFormat", "1");
            }

            if (border != 0)
            {
                x.WriteAttributeString("applyBorder", "1");
            }

            if (wrap)
            {
                x.WriteAttributeString("applyAlignment", "1");
                x.WriteStartElement("alignment", Main);
                x.WriteAttributeString("vertical", "top");
                x.WriteAttributeString("wrapText", "1");
                x.WriteEndElement();
            }
        }

        x.WriteEndElement();
    }
}
