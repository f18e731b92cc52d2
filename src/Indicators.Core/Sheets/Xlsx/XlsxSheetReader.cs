using System.Globalization;
using System.Text;
using System.Xml;

namespace Indicators.Sheets.Xlsx;

/// <summary>Streams the rows of one worksheet part. Element names are compared as atomized strings.</summary>
internal sealed class XlsxSheetReader : ISheetReader
{
    private readonly XmlReader xml;
    private readonly string sheetName;
    private readonly string[] sharedStrings;
    private readonly bool[] dateStyles;
    private readonly ReaderLimits limits;
    private readonly string nRow;
    private readonly string nC;
    private readonly string nV;
    private readonly string nIs;
    private readonly string nT;
    private readonly string nRPh;
    private readonly string nR;
    private readonly string nType;
    private readonly string nS;
    private readonly StringBuilder inline = new();
    private int lastRow;

    public XlsxSheetReader(Stream part, string sheetName, string[] sharedStrings, bool[] dateStyles, ReaderLimits limits)
    {
        var names = new NameTable();
        nRow = names.Add("row");
        nC = names.Add("c");
        nV = names.Add("v");
        nIs = names.Add("is");
        nT = names.Add("t");
        nRPh = names.Add("rPh");
        nR = names.Add("r");
        nType = nT;
        nS = names.Add("s");
        xml = XlsxWorkbookReader.CreateXmlReader(part, names);
        this.sheetName = sheetName;
        this.sharedStrings = sharedStrings;
        this.dateStyles = dateStyles;
        this.limits = limits;
    }

    public bool Read(SheetRow row)
    {
        try
        {
            return ReadRow(row);
        }
        catch (XmlException e)
        {
            throw XlsxWorkbookReader.XmlProblem(e);
        }
    }

    public void Dispose() => xml.Dispose();

    private bool ReadRow(SheetRow row)
    {
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || (object)xml.LocalName != nRow)
            {
                continue;
            }

            var r = xml.GetAttribute(nR);
            var number = r is not null && int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : lastRow + 1;
            lastRow = number;
            if (number > limits.MaxRows)
            {
                throw new SheetFileException("too_many_rows", Args(number));
            }

            if (xml.IsEmptyElement)
            {
                continue;
            }

            row.Clear();
            row.Number = number;
            ReadCells(row);
            if (row.Width > 0)
            {
                return true;
            }
        }

        return false;
    }

    private void ReadCells(SheetRow row)
    {
        var nextColumn = 0;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && (object)xml.LocalName == nRow)
            {
                return;
            }

            if (xml.NodeType != XmlNodeType.Element || (object)xml.LocalName != nC)
            {
                continue;
            }

            string? reference = null;
            string? type = null;
            var style = 0;
            while (xml.MoveToNextAttribute())
            {
                var ln = xml.LocalName;
                if ((object)ln == nR)
                {
                    reference = xml.Value;
                }
                else if ((object)ln == nType)
                {
                    type = xml.Value;
                }
                else if ((object)ln == nS)
                {
                    _ = int.TryParse(xml.Value, NumberStyles.None, CultureInfo.InvariantCulture, out style);
                }
            }

            xml.MoveToElement();
            var column = reference is null ? nextColumn : ColumnOf(reference);
            nextColumn = column + 1;
            if (column >= limits.MaxColumns || column < 0)
            {
                throw new SheetFileException("too_many_columns", Args(row.Number, limits.MaxColumns));
            }

            if (xml.IsEmptyElement)
            {
                continue;
            }

            string? value = null;
            var isInline = false;
            xml.Read();
            while (!(xml.NodeType == XmlNodeType.EndElement && (object)xml.LocalName == nC))
            {
                if (xml.NodeType == XmlNodeType.Element)
                {
                    var ln = xml.LocalName;
                    if ((object)ln == nV)
                    {
                        value = xml.ReadElementContentAsString();
                        continue;
                    }

                    if ((object)ln == nIs)
                    {
                        value = ReadInline();
                        isInline = true;
                        continue;
                    }

                    xml.Skip(); // <f> and anything else
                    continue;
                }

                if (!xml.Read())
                {
                    return;
                }
            }

            if (value is null)
            {
                continue;
            }

            if (value.Length > limits.MaxCellChars)
            {
                throw new SheetFileException("cell_too_long", Args(row.Number, limits.MaxCellChars));
            }

            row.Set(column, ToCell(value, isInline ? "inlineStr" : type, style, row.Number));
        }
    }

    private Cell ToCell(string value, string? type, int style, int rowNumber)
    {
        switch (type)
        {
            case "s":
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < sharedStrings.Length)
                {
                    return Cell.OfText(sharedStrings[index]);
                }

                throw new SheetFileException("unreadable", new Dictionary<string, string>
                {
                    ["detail"] = $"row {rowNumber}: shared string {value} does not exist",
                });
            case "inlineStr":
                return Cell.OfText(OoxmlEscapes.Decode(value));
            case "str":
                return Cell.OfText(OoxmlEscapes.Decode(value));
            case "b":
                return new Cell(CellKind.Boolean, null, value is "1" or "true" ? 1 : 0);
            case "e":
                return new Cell(CellKind.Error, value, 0);
            case "d":
                return DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var dt)
                    ? Cell.OfDate(DateOnly.FromDateTime(dt))
                    : Cell.OfText(value);
            default:
                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? Cell.OfNumber(number, style < dateStyles.Length && dateStyles[style])
                    : Cell.OfText(value);
        }
    }

    private string ReadInline()
    {
        inline.Clear();
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return string.Empty;
        }

        var depth = xml.Depth;
        var phonetic = false;
        while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            if (xml.NodeType == XmlNodeType.Element && (object)xml.LocalName == nRPh)
            {
                phonetic = !xml.IsEmptyElement;
            }
            else if (xml.NodeType == XmlNodeType.EndElement && (object)xml.LocalName == nRPh)
            {
                phonetic = false;
            }
            else if (!phonetic && xml.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA)
            {
                inline.Append(xml.Value);
                if (inline.Length > limits.MaxCellChars)
                {
                    throw new SheetFileException("cell_too_long", Args(lastRow, limits.MaxCellChars));
                }
            }
        }

        xml.Read(); // past </is>
        return inline.ToString();
    }

    /// <summary>"AB12" → 27 (0-based column).</summary>
    internal static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var ch in reference)
        {
            var c = ch | 0x20;
            if (c is < 'a' or > 'z')
            {
                break;
            }

            column = (column * 26) + (c - 'a' + 1);
            if (column > 1_000_000)
            {
                return -1;
            }
        }

        return column - 1;
    }

    private Dictionary<string, string> Args(int row, int max = 0) => new()
    {
        ["sheet"] = sheetName,
        ["row"] = row.ToString(CultureInfo.InvariantCulture),
        ["max"] = (max == 0 ? limits.MaxRows : max).ToString(CultureInfo.InvariantCulture),
    };
}
