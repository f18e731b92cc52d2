using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Indicators.Sheets.Xlsx;

/// <summary>
/// Reads the rows of a worksheet part with a byte-level scan of its UTF-8 XML: no XmlReader, no
/// string per element or attribute. Only what a sheet holds is understood (rows, cells, values,
/// inline and rich strings; prefixes are ignored so strict and prefixed files read the same);
/// a DTD or an unknown entity is refused. Several times faster than XmlReader on large sheets.
/// </summary>
internal sealed class SheetXmlScanner : ISheetReader
{
    private const int MaxTagBytes = 1 << 20;
    private const int InternMaxBytes = 48;
    private const int InternMaxEntries = 4096;
    private const int ShortValueBytes = 256;
    private const int RecentSlots = 1024;
    private static readonly double[] PowersOfTen = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly HashSet<string> interned = new(StringComparer.Ordinal);
    private readonly (byte[] Utf8, string Text)[] recent = new (byte[], string)[RecentSlots];
    private readonly Stream stream;
    private readonly string sheetName;
    private readonly string[] sharedStrings;
    private readonly bool[] dateStyles;
    private readonly ReaderLimits limits;
    private readonly ArrayBufferWriter<byte> text = new(256);
    private byte[] buffer = new byte[1 << 18];
    private int pos;
    private int end;
    private bool eof;
    private int lastRow;

    // The tag just read.
    private int nameStart;
    private int nameLength;
    private int attrStart;
    private int attrEnd;
    private bool closing;
    private bool selfClosing;

    public SheetXmlScanner(Stream stream, string sheetName, string[] sharedStrings, bool[] dateStyles, ReaderLimits limits)
    {
        this.stream = stream;
        this.sheetName = sheetName;
        this.sharedStrings = sharedStrings;
        this.dateStyles = dateStyles;
        this.limits = limits;
    }

    public bool Read(SheetRow row)
    {
        while (NextTag())
        {
            if (closing || !NameIs("row"u8))
            {
                continue;
            }

            var number = AttrInt("r"u8) is int r and > 0 ? r : lastRow + 1;
            lastRow = number;
            if (number > limits.MaxRows)
            {
                throw Problem("too_many_rows", number, limits.MaxRows);
            }

            if (selfClosing)
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

    public void Dispose() => stream.Dispose();

    private void ReadCells(SheetRow row)
    {
        var nextColumn = 0;
        while (NextTag())
        {
            if (NameIs("row"u8) && closing)
            {
                return;
            }

            if (closing || !NameIs("c"u8))
            {
                continue;
            }

            CellAttributes(out var column, out var type, out var style);
            column = column < 0 ? nextColumn : column;
            nextColumn = column + 1;
            if (column >= limits.MaxColumns)
            {
                throw Problem("too_many_columns", row.Number, limits.MaxColumns);
            }

            if (selfClosing)
            {
                continue;
            }

            var hasValue = false;
            var inline = false;
            text.Clear();

            // Fast paths for what Excel, LibreOffice and openpyxl write; anything else takes the general loop.
            if (TryConsume("<v>"u8))
            {
                if (TryShortValue("</v></c>"u8, out var value))
                {
                    row.Set(column, ToCell(type, style, row.Number, value));
                    continue;
                }

                ReadText(row.Number);
                hasValue = true;
                if (TryConsume("</v></c>"u8))
                {
                    row.Set(column, ToCell(type, style, row.Number, text.WrittenSpan));
                    continue;
                }
            }
            else if (TryConsume("<is><t>"u8) || TryConsume("<is><t xml:space=\"preserve\">"u8))
            {
                if (TryShortValue("</t></is></c>"u8, out var value))
                {
                    row.Set(column, ToCell((byte)'i', style, row.Number, value));
                    continue;
                }

                ReadText(row.Number);
                hasValue = true;
                inline = true;
                if (TryConsume("</t></is></c>"u8))
                {
                    row.Set(column, ToCell((byte)'i', style, row.Number, text.WrittenSpan));
                    continue;
                }

                ReadInline(row.Number);
            }

            while (NextTag())
            {
                if (closing && NameIs("c"u8))
                {
                    break;
                }

                if (closing)
                {
                    continue;
                }

                if (NameIs("v"u8) && !selfClosing)
                {
                    ReadText(row.Number);
                    hasValue = true;
                }
                else if (NameIs("is"u8) && !selfClosing)
                {
                    ReadInline(row.Number);
                    hasValue = true;
                    inline = true;
                }
                else if (NameIs("f"u8) && !selfClosing)
                {
                    SkipTo("f"u8);
                }
            }

            if (hasValue)
            {
                row.Set(column, ToCell(inline ? (byte)'i' : type, style, row.Number, text.WrittenSpan));
            }
        }

        throw Problem("unreadable", row.Number, 0, "the sheet ends inside a row");
    }

    private Cell ToCell(byte type, int style, int rowNumber, ReadOnlySpan<byte> value)
    {
        switch (type)
        {
            case (byte)'s':
                if (Utf8Parser.TryParse(value, out int index, out var used) && used == value.Length && (uint)index < (uint)sharedStrings.Length)
                {
                    return Cell.OfText(sharedStrings[index]);
                }

                throw Problem("unreadable", rowNumber, 0, "a shared string index does not exist");
            case (byte)'i' or (byte)'S':
                return Cell.OfText(Intern(value, rowNumber));
            case (byte)'b':
                return new Cell(CellKind.Boolean, null, value.SequenceEqual("1"u8) || value.SequenceEqual("true"u8) ? 1 : 0);
            case (byte)'e':
                return new Cell(CellKind.Error, Decode(value, rowNumber), 0);
            case (byte)'d':
                var iso = Decode(value, rowNumber);
                return DateTime.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var dt)
                    ? Cell.OfDate(DateOnly.FromDateTime(dt))
                    : Cell.OfText(iso);
            default:
                return TryParseShortDecimal(value, out var number) || double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number)
                    ? Cell.OfNumber(number, (uint)style < (uint)dateStyles.Length && dateStyles[style])
                    : Cell.OfText(Decode(value, rowNumber));
        }
    }

    /// <summary>
    /// The usual cell: a short value with no '&amp;' (no entity or character reference), then
    /// <paramref name="close"/>, all in the buffer. The value is read in place and the scanner moves
    /// past the cell; otherwise nothing moves and the general path reads the cell.
    /// </summary>
    private bool TryShortValue(ReadOnlySpan<byte> close, out ReadOnlySpan<byte> value)
    {
        value = default;
        var lt = buffer.AsSpan(pos, Math.Min(end - pos, ShortValueBytes)).IndexOf((byte)'<');
        if (lt < 0 || buffer.AsSpan(pos, lt).Contains((byte)'&') || !buffer.AsSpan(pos + lt, end - pos - lt).StartsWith(close))
        {
            return false;
        }

        value = buffer.AsSpan(pos, lt);
        pos += lt + close.Length;
        return true;
    }

    /// <summary>
    /// "-123.45"-like numbers of at most 15 digits: the digits as an integer divided by a power of
    /// ten, both exact in a double, so the quotient is the correctly rounded value double.Parse
    /// gives. Anything else (exponents, more digits, spaces) is left to double.TryParse.
    /// </summary>
    internal static bool TryParseShortDecimal(ReadOnlySpan<byte> value, out double number)
    {
        number = 0;
        var i = value.Length > 0 && value[0] == (byte)'-' ? 1 : 0;
        long mantissa = 0;
        int digits = 0, fraction = -1;
        for (; i < value.Length; i++)
        {
            var b = value[i];
            if ((uint)(b - '0') <= 9)
            {
                if (++digits > 15)
                {
                    return false;
                }

                mantissa = (mantissa * 10) + (b - '0');
                fraction += fraction >= 0 ? 1 : 0;
            }
            else if (b == (byte)'.' && fraction < 0)
            {
                fraction = 0;
            }
            else
            {
                return false;
            }
        }

        if (digits == 0)
        {
            return false;
        }

        number = fraction > 0 ? mantissa / PowersOfTen[fraction] : mantissa;
        number = value[0] == (byte)'-' ? -number : number;
        return true;
    }

    /// <summary>Text up to the next tag, entities decoded, appended to <see cref="text"/>.</summary>
    private void ReadText(int rowNumber)
    {
        while (true)
        {
            var lt = buffer.AsSpan(pos, end - pos).IndexOf((byte)'<');
            var chunk = lt < 0 ? buffer.AsSpan(pos, end - pos) : buffer.AsSpan(pos, lt);
            if (lt < 0 && !eof && chunk.LastIndexOf((byte)'&') is var amp and >= 0 && chunk.Length - amp < 12)
            {
                chunk = chunk[..amp]; // keep a split entity for the next fill
            }

            AppendDecoded(chunk, rowNumber);
            pos += chunk.Length;
            if (text.WrittenCount > limits.MaxCellChars * 3)
            {
                throw Problem("cell_too_long", rowNumber, limits.MaxCellChars);
            }

            if (lt >= 0 && pos < end && buffer[pos] == (byte)'<')
            {
                if (StartsWith("<![CDATA["u8))
                {
                    ReadCData(rowNumber);
                    continue;
                }

                return;
            }

            if (!Fill())
            {
                return;
            }
        }
    }

    private void ReadCData(int rowNumber)
    {
        pos += 9;
        while (true)
        {
            var close = buffer.AsSpan(pos, end - pos).IndexOf("]]>"u8);
            if (close >= 0)
            {
                text.Write(buffer.AsSpan(pos, close));
                pos += close + 3;
                return;
            }

            var keep = Math.Max(0, end - pos - 2);
            text.Write(buffer.AsSpan(pos, keep));
            pos += keep;
            if (text.WrittenCount > limits.MaxCellChars * 3)
            {
                throw Problem("cell_too_long", rowNumber, limits.MaxCellChars);
            }

            if (!Fill())
            {
                throw Problem("unreadable", rowNumber, 0, "unterminated CDATA");
            }
        }
    }

    /// <summary>An inline string: the text of every &lt;t&gt; except phonetic runs, up to &lt;/is&gt;.</summary>
    private void ReadInline(int rowNumber)
    {
        var phonetic = false;
        while (NextTag())
        {
            if (NameIs("is"u8) && closing)
            {
                return;
            }

            if (NameIs("rPh"u8))
            {
                phonetic = !closing && !selfClosing;
            }
            else if (NameIs("t"u8) && !closing && !selfClosing)
            {
                if (phonetic)
                {
                    var mark = text.WrittenCount;
                    ReadText(rowNumber);
                    var kept = text.WrittenSpan[..mark].ToArray();
                    text.Clear();
                    text.Write(kept);
                }
                else
                {
                    ReadText(rowNumber);
                }
            }
        }
    }

    private void SkipTo(ReadOnlySpan<byte> name)
    {
        while (NextTag())
        {
            if (closing && NameIs(name))
            {
                return;
            }
        }
    }

    /// <summary>Moves to the next element tag (start, end or empty), skipping text, comments and declarations.</summary>
    private bool NextTag()
    {
        while (true)
        {
            var lt = buffer.AsSpan(pos, end - pos).IndexOf((byte)'<');
            if (lt < 0)
            {
                pos = end;
                if (!Fill())
                {
                    return false;
                }

                continue;
            }

            pos += lt;
            var gt = FindTagEnd();
            if (gt < 0)
            {
                return false;
            }

            var tag = buffer.AsSpan(pos, gt - pos + 1);
            var second = tag.Length > 1 ? tag[1] : (byte)0;
            if (second == (byte)'?')
            {
                pos = gt + 1;
                continue;
            }

            if (second == (byte)'!')
            {
                SkipDeclaration();
                continue;
            }

            closing = second == (byte)'/';
            selfClosing = tag.Length >= 2 && tag[^2] == (byte)'/';
            var i = closing ? 2 : 1;
            var start = pos + i;
            var j = start;
            while (j < gt && !IsSpace(buffer[j]) && buffer[j] != (byte)'/' && buffer[j] != (byte)'>')
            {
                j++;
            }

            var qname = buffer.AsSpan(start, j - start);
            var colon = qname.IndexOf((byte)':');
            nameStart = colon >= 0 ? start + colon + 1 : start;
            nameLength = colon >= 0 ? qname.Length - colon - 1 : qname.Length;
            attrStart = j;
            attrEnd = selfClosing ? gt - 1 : gt;
            pos = gt + 1;
            return true;
        }
    }

    private void SkipDeclaration()
    {
        if (StartsWith("<!--"u8))
        {
            while (true)
            {
                var close = buffer.AsSpan(pos, end - pos).IndexOf("-->"u8);
                if (close >= 0)
                {
                    pos += close + 3;
                    return;
                }

                pos = Math.Max(pos, end - 2);
                if (!Fill())
                {
                    throw Problem("unreadable", lastRow, 0, "unterminated comment");
                }
            }
        }

        if (StartsWith("<![CDATA["u8))
        {
            ReadCData(lastRow);
            text.Clear();
            return;
        }

        throw new SheetFileException("forbidden_dtd");
    }

    /// <summary>
    /// Index of the '&gt;' closing the tag at <see cref="pos"/>, filling the buffer as needed. The
    /// attributes of sheet elements never hold a '&gt;', so the first one ends the tag.
    /// </summary>
    private int FindTagEnd()
    {
        var from = pos + 1;
        while (true)
        {
            var hit = buffer.AsSpan(from, end - from).IndexOf((byte)'>');
            if (hit >= 0)
            {
                return from + hit;
            }

            if (end - pos > MaxTagBytes)
            {
                throw Problem("unreadable", lastRow, 0, "a tag longer than 1 MB");
            }

            var scanned = end - pos;
            if (!Fill())
            {
                return -1;
            }

            from = pos + scanned;
        }
    }

    /// <summary>Keeps the bytes from <see cref="pos"/> and reads more after them.</summary>
    private bool Fill()
    {
        if (eof)
        {
            return false;
        }

        var keep = end - pos;
        if (keep > 0 && pos > 0)
        {
            Buffer.BlockCopy(buffer, pos, buffer, 0, keep);
        }

        pos = 0;
        end = keep;
        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }

        var read = stream.Read(buffer, end, buffer.Length - end);
        if (read <= 0)
        {
            eof = true;
            return false;
        }

        end += read;
        return true;
    }

    private bool TryConsume(ReadOnlySpan<byte> expected)
    {
        if (end - pos < expected.Length)
        {
            Fill();
        }

        if (buffer.AsSpan(pos, end - pos).StartsWith(expected))
        {
            pos += expected.Length;
            return true;
        }

        return false;
    }

    private bool StartsWith(ReadOnlySpan<byte> prefix)
    {
        while (end - pos < prefix.Length && Fill())
        {
        }

        return buffer.AsSpan(pos, end - pos).StartsWith(prefix);
    }

    private bool NameIs(ReadOnlySpan<byte> name) => buffer.AsSpan(nameStart, nameLength).SequenceEqual(name);

    /// <summary>The value of the unprefixed attribute <paramref name="name"/> of the current tag, raw.</summary>
    private ReadOnlySpan<byte> Attr(ReadOnlySpan<byte> name)
    {
        var attributes = new Attributes(buffer.AsSpan(attrStart, attrEnd - attrStart));
        while (attributes.Next(out var attrName, out var value))
        {
            if (attrName.SequenceEqual(name))
            {
                return value;
            }
        }

        return default;
    }

    private int? AttrInt(ReadOnlySpan<byte> name) => ParseInt(Attr(name));

    /// <summary>
    /// A cell's <c>r</c>, <c>t</c> and <c>s</c> in one pass over its tag (the first of each, as
    /// <see cref="Attr"/> finds them): the 0-based column or −1, the type as one byte (s, b, e, d,
    /// S for a formula string "str", i for inlineStr, n when absent) and the style or 0.
    /// </summary>
    private void CellAttributes(out int column, out byte type, out int style)
    {
        column = -1;
        type = (byte)'n';
        style = 0;
        bool r = false, t = false, s = false;
        var attributes = new Attributes(buffer.AsSpan(attrStart, attrEnd - attrStart));
        while (attributes.Next(out var name, out var value))
        {
            if (name.Length != 1)
            {
                continue;
            }

            switch (name[0])
            {
                case (byte)'r' when !r:
                    r = true;
                    column = ColumnOf(value);
                    break;
                case (byte)'t' when !t:
                    t = true;
                    type = value.Length == 0 ? (byte)'n'
                        : value.SequenceEqual("str"u8) ? (byte)'S'
                        : value.SequenceEqual("inlineStr"u8) ? (byte)'i'
                        : value[0];
                    break;
                case (byte)'s' when !s:
                    s = true;
                    style = ParseInt(value) ?? 0;
                    break;
            }
        }
    }

    private static int? ParseInt(ReadOnlySpan<byte> v) =>
        v.Length > 0 && Utf8Parser.TryParse(v, out int n, out var used) && used == v.Length ? n : null;

    /// <summary>0-based column of a cell reference ("AB12" → 27), or −1 when there is none.</summary>
    private static int ColumnOf(ReadOnlySpan<byte> reference)
    {
        if (reference.Length == 0)
        {
            return -1;
        }

        var column = 0;
        foreach (var b in reference)
        {
            var c = b | 0x20;
            if (c is < 'a' or > 'z')
            {
                break;
            }

            column = (column * 26) + (c - 'a' + 1);
            if (column > 1_000_000)
            {
                return int.MaxValue;
            }
        }

        return column - 1;
    }

    private void AppendDecoded(ReadOnlySpan<byte> raw, int rowNumber)
    {
        Span<byte> utf8 = stackalloc byte[4];
        while (raw.Length > 0)
        {
            var amp = raw.IndexOf((byte)'&');
            if (amp < 0)
            {
                text.Write(raw);
                return;
            }

            text.Write(raw[..amp]);
            raw = raw[amp..];
            var semi = raw.IndexOf((byte)';');
            if (semi < 0 || semi > 10)
            {
                throw Problem("unreadable", rowNumber, 0, "a malformed character reference");
            }

            var entity = raw[1..semi];
            int written;
            if (entity.SequenceEqual("lt"u8))
            {
                utf8[0] = (byte)'<';
                written = 1;
            }
            else if (entity.SequenceEqual("gt"u8))
            {
                utf8[0] = (byte)'>';
                written = 1;
            }
            else if (entity.SequenceEqual("amp"u8))
            {
                utf8[0] = (byte)'&';
                written = 1;
            }
            else if (entity.SequenceEqual("quot"u8))
            {
                utf8[0] = (byte)'"';
                written = 1;
            }
            else if (entity.SequenceEqual("apos"u8))
            {
                utf8[0] = (byte)'\'';
                written = 1;
            }
            else if (entity.Length > 1 && entity[0] == (byte)'#')
            {
                var hex = entity[1] is (byte)'x' or (byte)'X';
                var digits = hex ? entity[2..] : entity[1..];
                if (!int.TryParse(Encoding.ASCII.GetString(digits), hex ? NumberStyles.HexNumber : NumberStyles.None, CultureInfo.InvariantCulture, out var code)
                    || !Rune.IsValid(code))
                {
                    throw Problem("unreadable", rowNumber, 0, "a malformed character reference");
                }

                if (code == 0)
                {
                    throw Nul(rowNumber);
                }

                written = new Rune(code).EncodeToUtf8(utf8);
            }
            else
            {
                // Any other entity needs a DTD, which is refused.
                throw new SheetFileException("forbidden_dtd");
            }

            text.Write(utf8[..written]);
            raw = raw[(semi + 1)..];
        }
    }

    /// <summary>
    /// Inline strings (openpyxl, KoboToolbox) repeat the same few words in every row: short ones are
    /// shared from a bounded table instead of allocated each time.
    /// </summary>
    private string Intern(ReadOnlySpan<byte> utf8, int rowNumber)
    {
        // A text found in the interned set before sits in a slot by its bytes (until another text
        // takes the slot): no decoding, no hashing of chars. The full bytes are compared.
        var hash = (uint)utf8.Length * 0x9E3779B1u;
        if (utf8.Length <= InternMaxBytes)
        {
            foreach (var b in utf8)
            {
                hash = (hash ^ b) * 16777619u;
            }

            ref var slot = ref recent[hash & (RecentSlots - 1)];
            if (slot.Text is not null && slot.Utf8.AsSpan().SequenceEqual(utf8))
            {
                return slot.Text;
            }
        }

        if (utf8.Length > InternMaxBytes || utf8.IndexOf("_x"u8) >= 0)
        {
            var decoded = OoxmlEscapes.Decode(Decode(utf8, rowNumber));
            return decoded.Contains('\0', StringComparison.Ordinal) ? throw Nul(rowNumber) : decoded;
        }

        Span<char> chars = stackalloc char[InternMaxBytes];
        int n;
        try
        {
            n = StrictUtf8.GetChars(utf8, chars);
        }
        catch (DecoderFallbackException)
        {
            throw NotUtf8(rowNumber);
        }

        if (chars[..n].Contains('\0'))
        {
            throw Nul(rowNumber);
        }

        var lookup = interned.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..n], out var existing))
        {
            recent[hash & (RecentSlots - 1)] = (utf8.ToArray(), existing);
            return existing;
        }

        var s = new string(chars[..n]);
        if (interned.Count < InternMaxEntries)
        {
            interned.Add(s);
        }

        return s;
    }

    /// <summary>The text of a cell; bytes that are not UTF-8 make the file unreadable rather than be replaced.</summary>
    private string Decode(ReadOnlySpan<byte> utf8, int rowNumber)
    {
        string s;
        try
        {
            s = StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw NotUtf8(rowNumber);
        }

        return s.Length > limits.MaxCellChars ? throw Problem("cell_too_long", rowNumber, limits.MaxCellChars)
            : s.Contains('\0', StringComparison.Ordinal) ? throw Nul(rowNumber)
            : s;
    }

    /// <summary>A NUL character: no spreadsheet shows one, and PostgreSQL text cannot hold one.</summary>
    private SheetFileException Nul(int rowNumber) =>
        Problem("unreadable", rowNumber, 0, $"sheet '{sheetName}', row {rowNumber.ToString(CultureInfo.InvariantCulture)}: a NUL character");

    private SheetFileException NotUtf8(int rowNumber) =>
        Problem("unreadable", rowNumber, 0, $"sheet '{sheetName}', row {rowNumber.ToString(CultureInfo.InvariantCulture)}: bytes that are not UTF-8");

    /// <summary>The unprefixed attributes of a tag, in order, values raw (prefixed ones are skipped).</summary>
    private ref struct Attributes(ReadOnlySpan<byte> span)
    {
        private readonly ReadOnlySpan<byte> span = span;
        private int i;

        public bool Next(out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
        {
            while (i < span.Length)
            {
                while (i < span.Length && IsSpace(span[i]))
                {
                    i++;
                }

                var nameBegin = i;
                while (i < span.Length && span[i] != (byte)'=' && !IsSpace(span[i]))
                {
                    i++;
                }

                name = span[nameBegin..i];
                while (i < span.Length && (span[i] == (byte)'=' || IsSpace(span[i])))
                {
                    i++;
                }

                if (i >= span.Length)
                {
                    break;
                }

                var quote = span[i];
                var close = span[(i + 1)..].IndexOf(quote);
                if (quote is not ((byte)'"' or (byte)'\'') || close < 0)
                {
                    break;
                }

                value = span.Slice(i + 1, close);
                i += close + 2;
                if (name.IndexOf((byte)':') < 0)
                {
                    return true;
                }
            }

            i = span.Length;
            name = value = default;
            return false;
        }
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private SheetFileException Problem(string code, int row, int max, string? detail = null) => new(code, new Dictionary<string, string>
    {
        ["sheet"] = sheetName,
        ["row"] = row.ToString(CultureInfo.InvariantCulture),
        ["max"] = max.ToString(CultureInfo.InvariantCulture),
        ["detail"] = detail ?? code,
    });
}
