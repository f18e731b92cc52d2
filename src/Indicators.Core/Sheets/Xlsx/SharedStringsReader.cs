using System.Text;
using System.Xml;

namespace Indicators.Sheets.Xlsx;

/// <summary>The shared string table: plain and rich text (runs joined, phonetic runs skipped).</summary>
internal static class SharedStringsReader
{
    public static string[] Read(Stream part, ReaderLimits limits)
    {
        var result = new List<string>();
        long total = 0;
        var sb = new StringBuilder();
        using var xml = XlsxWorkbookReader.CreateXmlReader(part);
        var depthInPhonetic = -1;
        var inItem = false;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "si":
                    sb.Clear();
                    inItem = !xml.IsEmptyElement;
                    if (!inItem)
                    {
                        result.Add(string.Empty);
                    }

                    break;
                case XmlNodeType.Element when xml.LocalName == "rPh":
                    depthInPhonetic = xml.IsEmptyElement ? -1 : xml.Depth;
                    break;
                case XmlNodeType.Element when xml.LocalName == "t" && inItem && depthInPhonetic < 0 && !xml.IsEmptyElement:
                    xml.Read();
                    if (xml.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA)
                    {
                        sb.Append(xml.Value);
                        if (sb.Length > limits.MaxCellChars)
                        {
                            throw new SheetFileException("cell_too_long", new Dictionary<string, string>
                            {
                                ["sheet"] = "sharedStrings", ["max"] = limits.MaxCellChars.ToString(System.Globalization.CultureInfo.InvariantCulture), ["row"] = "?",
                            });
                        }
                    }

                    break;
                case XmlNodeType.EndElement when xml.LocalName == "rPh":
                    depthInPhonetic = -1;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "si":
                    inItem = false;
                    total += sb.Length;
                    if (total > limits.MaxSharedStringChars)
                    {
                        throw new SheetFileException("zip_bomb", new Dictionary<string, string> { ["max"] = $"{limits.MaxSharedStringChars / (1024 * 1024)} M" });
                    }

                    result.Add(OoxmlEscapes.Decode(sb.ToString()));
                    break;
            }
        }

        return [.. result];
    }
}

/// <summary>OOXML writes control characters as <c>_xHHHH_</c> (openpyxl does for \r).</summary>
internal static class OoxmlEscapes
{
    public static string Decode(string s)
    {
        if (!s.Contains("_x", StringComparison.Ordinal))
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '_' && i + 6 < s.Length && s[i + 1] == 'x' && s[i + 6] == '_'
                && int.TryParse(s.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var code))
            {
                sb.Append((char)code);
                i += 6;
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return sb.ToString();
    }
}
