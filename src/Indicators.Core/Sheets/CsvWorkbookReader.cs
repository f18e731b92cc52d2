using System.Globalization;
using System.Text;

namespace Indicators.Sheets;

/// <summary>
/// A CSV file as a one-sheet workbook: UTF-8 (with or without BOM) or Windows-1256, separated by
/// `,`, `;` or tab (whichever the first lines use most). Row numbers are line numbers, counting
/// every line. Quoted fields may hold separators, quotes and line breaks.
/// </summary>
public sealed class CsvWorkbookReader : IWorkbookReader
{
    private readonly Stream stream;
    private readonly string sheetName;
    private readonly ReaderLimits limits;
    private readonly Encoding encoding;
    private readonly char separator;

    public CsvWorkbookReader(Stream stream, string sheetName, ReaderLimits? limits = null)
    {
        if (!stream.CanSeek)
        {
            throw new ArgumentException("CSV needs a seekable stream.", nameof(stream));
        }

        CodePages.Ensure();
        this.stream = stream;
        this.sheetName = sheetName;
        this.limits = limits ?? ReaderLimits.Default;
        encoding = DetectEncoding(stream);
        separator = DetectSeparator(stream, encoding);
    }

    public IReadOnlyList<SheetInfo> Sheets => [new SheetInfo(sheetName, false)];

    public bool Date1904 => false;

    public Encoding Encoding => encoding;

    public char Separator => separator;

    public ISheetReader OpenSheet(int index)
    {
        stream.Position = 0;
        return new CsvSheetReader(new StreamReader(stream, encoding, detectEncodingFromByteOrderMarks: true, 1 << 16, leaveOpen: true), separator, sheetName, limits);
    }

    public void Dispose() => stream.Dispose();

    /// <summary>
    /// UTF-8 when the whole file is valid UTF-8. Windows-1256 (Arabic Excel's "CSV") when invalid
    /// sequences are common: Arabic letters in 1256 form a valid UTF-8 pair only by chance. A file
    /// that is UTF-8 but for a few broken bytes is an error: read as 1256 it would be the wrong text.
    /// </summary>
    private static Encoding DetectEncoding(Stream stream)
    {
        stream.Position = 0;
        var buffer = new byte[1 << 16];
        var carry = 0;
        long valid = 0, invalid = 0;
        var line = 1;
        var firstBadLine = 0;
        int read;
        while ((read = stream.Read(buffer, carry, buffer.Length - carry)) > 0 || carry > 0)
        {
            var length = carry + read;
            var span = buffer.AsSpan(0, length);
            var final = read == 0;
            var i = 0;
            while (i < span.Length)
            {
                var b = span[i];
                if (b < 0x80)
                {
                    if (b == (byte)'\n')
                    {
                        line++;
                    }

                    i++;
                    continue;
                }

                var status = System.Text.Rune.DecodeFromUtf8(span[i..], out _, out var consumed);
                if (status == System.Buffers.OperationStatus.NeedMoreData && !final)
                {
                    break;
                }

                if (status == System.Buffers.OperationStatus.Done)
                {
                    valid++;
                }
                else
                {
                    invalid++;
                    firstBadLine = firstBadLine == 0 ? line : firstBadLine;
                }

                i += Math.Max(consumed, 1);
            }

            carry = length - i;
            span[i..].CopyTo(buffer);
            if (final)
            {
                break;
            }
        }

        stream.Position = 0;
        if (firstBadLine == 0)
        {
            return new UTF8Encoding(false, true);
        }

        if (valid < invalid)
        {
            return Encoding.GetEncoding(1256);
        }

        throw new SheetFileException("invalid_encoding", new Dictionary<string, string>
        {
            ["row"] = firstBadLine.ToString(CultureInfo.InvariantCulture),
        });
    }

    private static char DetectSeparator(Stream stream, Encoding encoding)
    {
        stream.Position = 0;
        using var reader = new StreamReader(stream, encoding, true, 1 << 14, leaveOpen: true);
        var counts = new Dictionary<char, int> { [','] = 0, [';'] = 0, ['\t'] = 0 };
        var buffer = new char[1 << 14];
        var n = reader.ReadBlock(buffer, 0, buffer.Length);
        var inQuotes = false;
        var lines = 0;
        for (var i = 0; i < n && lines < 20; i++)
        {
            var c = buffer[i];
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (!inQuotes && counts.TryGetValue(c, out var count))
            {
                counts[c] = count + 1;
            }
            else if (c == '\n')
            {
                lines++;
            }
        }

        stream.Position = 0;
        return counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key == ',' ? 0 : 1).First().Key;
    }
}

internal sealed class CsvSheetReader(TextReader reader, char separator, string sheetName, ReaderLimits limits) : ISheetReader
{
    private readonly StringBuilder field = new();
    private int line = 1;
    private bool atEnd;

    public bool Read(SheetRow row)
    {
        while (!atEnd)
        {
            row.Clear();
            row.Number = line;
            ReadRecord(row);
            if (!row.IsBlank())
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => reader.Dispose();

    private void ReadRecord(SheetRow row)
    {
        var column = 0;
        var inQuotes = false;
        var quotedField = false;
        field.Clear();
        while (true)
        {
            var ch = reader.Read();
            if (ch < 0)
            {
                atEnd = true;
                EndField(row, ref column, quotedField);
                return;
            }

            var c = (char)ch;
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        Append(c, row);
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    Append(c, row);
                }

                continue;
            }

            if (c == '"' && field.Length == 0 && !quotedField)
            {
                inQuotes = true;
                quotedField = true;
            }
            else if (c == separator)
            {
                EndField(row, ref column, quotedField);
                quotedField = false;
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && reader.Peek() == '\n')
                {
                    reader.Read();
                }

                line++;
                EndField(row, ref column, quotedField);
                return;
            }
            else
            {
                Append(c, row);
            }
        }
    }

    private void Append(char c, SheetRow row)
    {
        if (c == '\0')
        {
            // A NUL byte past the first 8 KB (which are checked to be text): binary, or UTF-16 without its mark.
            throw new SheetFileException("unreadable", new Dictionary<string, string>
            {
                ["detail"] = $"line {row.Number.ToString(CultureInfo.InvariantCulture)}: a NUL character",
            });
        }

        field.Append(c);
        if (field.Length > limits.MaxCellChars)
        {
            throw new SheetFileException("cell_too_long", new Dictionary<string, string>
            {
                ["sheet"] = sheetName,
                ["row"] = row.Number.ToString(CultureInfo.InvariantCulture),
                ["max"] = limits.MaxCellChars.ToString(CultureInfo.InvariantCulture),
            });
        }
    }

    private void EndField(SheetRow row, ref int column, bool quoted)
    {
        if (column >= limits.MaxColumns)
        {
            throw new SheetFileException("too_many_columns", new Dictionary<string, string>
            {
                ["sheet"] = sheetName,
                ["row"] = row.Number.ToString(CultureInfo.InvariantCulture),
                ["max"] = limits.MaxColumns.ToString(CultureInfo.InvariantCulture),
            });
        }

        if (field.Length > 0 || quoted)
        {
            row.Set(column, Cell.OfText(field.ToString()));
        }

        field.Clear();
        column++;
    }
}
