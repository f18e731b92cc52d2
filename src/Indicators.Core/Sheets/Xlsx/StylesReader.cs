using System.Xml;

namespace Indicators.Sheets.Xlsx;

/// <summary>Which cell styles (cellXfs entries) show numbers as dates.</summary>
internal static class StylesReader
{
    /// <summary>Excel allows 64,000 cell formats and as many cell styles: more is a file made to exhaust memory.</summary>
    private const int MaxFormats = 131_072;

    public static bool[] ReadDateStyles(Stream part)
    {
        var seen = 0;
        var customDate = new HashSet<int>();
        var xfs = new List<bool>();
        using var xml = XlsxWorkbookReader.CreateXmlReader(part);
        var inCellXfs = false;
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.EndElement && xml.LocalName == "cellXfs")
            {
                inCellXfs = false;
            }

            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName is "numFmt" or "xf" && ++seen > MaxFormats)
            {
                throw new SheetFileException("unreadable", new Dictionary<string, string> { ["detail"] = $"styles: more than {MaxFormats} formats" });
            }

            switch (xml.LocalName)
            {
                case "numFmt":
                    if (int.TryParse(xml.GetAttribute("numFmtId"), out var id) && LooksLikeDate(xml.GetAttribute("formatCode")))
                    {
                        customDate.Add(id);
                    }

                    break;
                case "cellXfs":
                    inCellXfs = !xml.IsEmptyElement;
                    break;
                case "xf" when inCellXfs:
                    var fmt = int.TryParse(xml.GetAttribute("numFmtId"), out var f) ? f : 0;
                    xfs.Add(IsBuiltInDate(fmt) || customDate.Contains(fmt));
                    break;
            }
        }

        return [.. xfs];
    }

    private static bool IsBuiltInDate(int id) => id is (>= 14 and <= 22) or (>= 45 and <= 47);

    private static bool LooksLikeDate(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return false;
        }

        // Strip quoted literals and [colour]/[locale] sections, then look for day/month/year letters.
        var inQuote = false;
        var inBracket = false;
        foreach (var c in code)
        {
            if (c == '"')
            {
                inQuote = !inQuote;
            }
            else if (!inQuote && c == '[')
            {
                inBracket = true;
            }
            else if (!inQuote && c == ']')
            {
                inBracket = false;
            }
            else if (!inQuote && !inBracket && (c is 'd' or 'D' or 'y' or 'Y' or 'm' or 'M'))
            {
                return true;
            }
        }

        return false;
    }
}
