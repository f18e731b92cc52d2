using System.Text;
using System.Xml;

namespace Indicators.Sheets.Xlsx;

/// <summary>
/// The shared string table: plain and rich text (runs joined, phonetic runs skipped). It is the one
/// part held in memory, so its text is read in chunks (no string longer than a cell's limit is ever
/// built) and the table's estimated size is bounded: each string costs its characters and
/// <see cref="BytesPerString"/> (the object and its reference), so a million empty strings count too.
/// </summary>
internal static class SharedStringsReader
{
    public const int BytesPerString = 32;

    public static string[] Read(Stream part, ReaderLimits limits)
    {
        var result = new List<string>();
        long bytes = 0;
        var sb = new StringBuilder();
        var chunk = new char[4096];
        using var xml = XlsxWorkbookReader.CreateXmlReader(part);
        var depthInPhonetic = -1;
        var inItem = false;
        var inText = false;
        while (xml.Read())
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "si":
                    sb.Clear();
                    inItem = !xml.IsEmptyElement;
                    if (!inItem)
                    {
                        Add(string.Empty);
                    }

                    break;
                case XmlNodeType.Element when xml.LocalName == "rPh":
                    depthInPhonetic = xml.IsEmptyElement ? -1 : xml.Depth;
                    break;
                case XmlNodeType.Element when xml.LocalName == "t":
                    inText = inItem && depthInPhonetic < 0 && !xml.IsEmptyElement;
                    break;
                case XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA when inText:
                    int n;
                    while ((n = xml.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                    {
                        sb.Append(chunk, 0, n);
                        if (sb.Length > limits.MaxCellChars)
                        {
                            throw new SheetFileException("cell_too_long", new Dictionary<string, string>
                            {
                                ["sheet"] = "sharedStrings", ["max"] = limits.MaxCellChars.ToString(System.Globalization.CultureInfo.InvariantCulture), ["row"] = "?",
                            });
                        }
                    }

                    break;
                case XmlNodeType.EndElement when xml.LocalName == "t":
                    inText = false;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "rPh":
                    depthInPhonetic = -1;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "si":
                    inItem = false;
                    var text = OoxmlEscapes.Decode(sb.ToString());
                    if (text.Contains('\0', StringComparison.Ordinal))
                    {
                        // No spreadsheet shows a NUL character, and PostgreSQL text cannot hold one.
                        throw new SheetFileException("unreadable", new Dictionary<string, string> { ["detail"] = $"shared string {result.Count}: a NUL character" });
                    }

                    Add(text);
                    break;
            }
        }

        return [.. result];

        void Add(string s)
        {
            bytes += (2L * s.Length) + BytesPerString;
            if (bytes > limits.MaxSharedStringBytes)
            {
                throw new SheetFileException("zip_bomb", new Dictionary<string, string> { ["max"] = $"{limits.MaxSharedStringBytes / (1024 * 1024)} MB" });
            }

            result.Add(s);
        }
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
            if (Escape(s, i) is { } code && (!char.IsSurrogate(code) || (char.IsHighSurrogate(code) && Escape(s, i + 7) is { } low && char.IsLowSurrogate(low))))
            {
                // A surrogate is decoded only as half of a pair: a lone one stays as written, since
                // no text (nor PostgreSQL) can hold it.
                sb.Append(code);
                i += 6;
                if (char.IsHighSurrogate(code))
                {
                    sb.Append(Escape(s, i + 1)!.Value);
                    i += 7;
                }
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return sb.ToString();
    }

    /// <summary>The character of an <c>_xHHHH_</c> escape at <paramref name="i"/>, or null.</summary>
    private static char? Escape(string s, int i) =>
        i + 6 < s.Length && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_'
        && int.TryParse(s.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var code)
            ? (char)code
            : null;
}
