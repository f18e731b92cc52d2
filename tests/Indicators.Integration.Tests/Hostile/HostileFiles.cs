using System.IO.Compression;
using System.Text;

namespace Indicators.Tests.Hostile;

/// <summary>
/// One hostile file and what must become of it: <see cref="Code"/> is the file error it is refused
/// with, or null when it must be read correctly (<see cref="Accepted"/> and <see cref="Rejected"/> rows,
/// the first row error on row <see cref="ErrorRow"/>).
/// </summary>
public sealed record HostileCase(string File, string? Code, int Accepted = 0, int Rejected = 0, int? ErrorRow = null)
{
    public override string ToString() => File;
}

/// <summary>
/// The hostile files: the small ones checked in (tests/TestData/hostile, written by make_hostile.py,
/// plus a few older ones of tests/TestData), the large ones written here on first use into a temp
/// folder that lives as long as the object (or in INDICATORS_KEEP_HOSTILE, kept, to look at them).
/// Shared by the CLI and the portal tests.
/// </summary>
public sealed class HostileFiles : IDisposable
{
    /// <summary>Every hostile file and its outcome.</summary>
    public static readonly IReadOnlyList<HostileCase> Cases =
    [
        // The workbook every checked-in .xlsx is made from, unchanged, and with legal markup that
        // looks like trouble (quotes in comments, '>' in attributes, CDATA): both are read.
        new("hostile/baseline.xlsx", null, Accepted: 3),
        new("hostile/markup_quirks.xlsx", null, Accepted: 3),

        // Zip bombs: 3 to 10 MB that inflate to 3 GB, in each part that is read. In the sheet: blank
        // space. In the parts read whole: a string, an attribute, a CDATA section without end, text,
        // or millions of tiny shared strings, sheets or cell formats.
        new("zip_bomb_sheet.xlsx", "zip_bomb"),
        new("zip_bomb_shared_string.xlsx", "cell_too_long"),
        new("zip_bomb_shared_string_cdata.xlsx", "unreadable"),
        new("zip_bomb_shared_strings_comment.xlsx", "unreadable"),
        new("zip_bomb_shared_strings_count.xlsx", "zip_bomb"),
        new("zip_bomb_workbook_attribute.xlsx", "unreadable"),
        new("zip_bomb_workbook_text.xlsx", "zip_bomb"),
        new("zip_bomb_workbook_sheets.xlsx", "unreadable"),
        new("zip_bomb_styles_count.xlsx", "unreadable"),

        // Entity expansion and external entities in each XML part. [Content_Types].xml is never
        // parsed (parts are found through the relationships), so its DTD does nothing: the file is read.
        new("hostile/entities_content_types.xlsx", null, Accepted: 3),
        new("hostile/entities_package_rels.xlsx", "forbidden_dtd"),
        new("hostile/entities_workbook.xlsx", "forbidden_dtd"),
        new("hostile/entities_workbook_rels.xlsx", "forbidden_dtd"),
        new("hostile/entities_sheet.xlsx", "forbidden_dtd"),
        new("hostile/entities_metadata_sheet.xlsx", "forbidden_dtd"),
        new("hostile/entities_shared_strings.xlsx", "forbidden_dtd"),
        new("hostile/entities_styles.xlsx", "forbidden_dtd"),
        new("hostile/utf16_sheet_entities.xlsx", "forbidden_dtd"),
        new("hostile/external_entity_content_types.xlsx", null, Accepted: 3),
        new("hostile/external_entity_package_rels.xlsx", "forbidden_dtd"),
        new("hostile/external_entity_workbook.xlsx", "forbidden_dtd"),
        new("hostile/external_entity_workbook_rels.xlsx", "forbidden_dtd"),
        new("hostile/external_entity_sheet.xlsx", "forbidden_dtd"),
        new("hostile/external_entity_metadata_sheet.xlsx", "forbidden_dtd"),
        new("hostile/external_entity_shared_strings.xlsx", "forbidden_dtd"),
        new("hostile/external_entity_styles.xlsx", "forbidden_dtd"),

        // Sizes: 100,000 columns, a cell in Excel's last column, 10 million characters in a cell.
        new("hostile/wide_100000_columns.xlsx", "too_many_columns"),
        new("hostile/wide_100000_columns.csv", "too_many_columns"),
        new("hostile/far_column.xlsx", "too_many_columns"),
        new("hostile/long_cell_10M_inline.xlsx", "cell_too_long"),
        new("hostile/long_cell_10M_shared.xlsx", "cell_too_long"),
        new("long_cell_10M.csv", "cell_too_long"),

        // Excel's last row holds a data row (with one error) after a million rows of one blank cell: read.
        // One row more is refused. (Compressed at the fastest level: about 100 to 1, under the zip bomb ratio.)
        new("rows_1048576.xlsx", null, Accepted: 3, Rejected: 1, ErrorRow: 1_048_576),
        new("rows_1048577.xlsx", "too_many_rows"),

        // 200,000 rows of one value each: 1.6 million errors, of which the first 100,000 are stored.
        new("rows_200000_values.xlsx", "too_many_errors"),

        // Encrypted workbooks, and an OLE file that is no workbook, named .xlsx.
        new("files/encrypted.xls", "encrypted"),
        new("hostile/encrypted_agile.xlsx", "encrypted"),
        new("hostile/ole_not_a_workbook.xlsx", "not_a_spreadsheet"),

        // Macros: refused, whatever the name says.
        new("hostile/macro_enabled.xlsm", "macro_enabled"),
        new("hostile/macro_renamed.xlsx", "macro_enabled"),

        // Strict Open XML: read.
        new("shapes/strict.xlsx", null, Accepted: 2),

        // Bytes that are not UTF-8.
        new("files/invalid_encoding.csv", "invalid_encoding"),
        new("hostile/invalid_utf8_overlong.csv", "invalid_encoding"),
        new("hostile/invalid_utf8_surrogate.csv", "invalid_encoding"),
        new("hostile/invalid_utf8_truncated.csv", "invalid_encoding"),
        new("hostile/invalid_utf8_sheet.xlsx", "unreadable"),
        new("hostile/invalid_utf8_shared_strings.xlsx", "unreadable"),

        // A NUL character in a cell (PostgreSQL cannot store it; no spreadsheet shows it).
        new("hostile/nul_reference.xlsx", "unreadable"),
        new("hostile/nul_escape.xlsx", "unreadable"),
        new("hostile/nul_shared_string.xlsx", "unreadable"),
        new("hostile/nul_in_csv.csv", "unreadable"),

        // .xls with one BIFF record damaged.
        new("hostile/corrupt_biff_record_length.xls", "no_header"),
        new("hostile/corrupt_biff_sst_count.xls", "unreadable"),
        new("hostile/corrupt_biff_sheet_offset.xls", "unreadable"),
        new("hostile/corrupt_biff_dimensions.xls", "too_many_columns"),
        new("hostile/corrupt_biff_string_index.xls", "missing_columns"),
        new("hostile/corrupt_biff_garbage.xls", "no_header"),
    ];

    private const int Chunk = 1 << 20;
    private const long BombBytes = 3L << 30;
    private readonly Dictionary<string, Func<string, long>> generators;
    private readonly Lock gate = new();
    private readonly string? keep;

    public HostileFiles()
    {
        keep = Environment.GetEnvironmentVariable("INDICATORS_KEEP_HOSTILE") is { Length: > 0 } folder ? folder : null;
        Folder = keep is not null ? Directory.CreateDirectory(keep).FullName : Directory.CreateTempSubdirectory("indicators-hostile-").FullName;
        generators = new()
        {
            ["zip_bomb_sheet.xlsx"] = path => Bomb(path, "xl/worksheets/sheet1.xml", "</sheetData>", " "),
            ["zip_bomb_shared_string.xlsx"] = path => Bomb(path, "xl/sharedStrings.xml", "</t>", "x"),
            ["zip_bomb_shared_string_cdata.xlsx"] = path => Bomb(path, "xl/sharedStrings.xml", "</t>", "<![CDATA[x", "x"),
            ["zip_bomb_shared_strings_comment.xlsx"] = path => Bomb(path, "xl/sharedStrings.xml", "<si>", "<!-- ]]> \"'", "x"),
            ["zip_bomb_shared_strings_count.xlsx"] = path => Bomb(path, "xl/sharedStrings.xml", "</sst>", "<si/>"),
            ["zip_bomb_workbook_attribute.xlsx"] = path => Bomb(path, "xl/workbook.xml", "\" sheetId=\"1\"", "x"),
            ["zip_bomb_workbook_text.xlsx"] = path => Bomb(path, "xl/workbook.xml", "<sheets>", "x"),
            ["zip_bomb_workbook_sheets.xlsx"] = path => Bomb(path, "xl/workbook.xml", "</sheets>", "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"),
            ["zip_bomb_styles_count.xlsx"] = path => Bomb(path, "xl/styles.xml", "</cellXfs>", "<xf numFmtId=\"0\"/>"),
            ["long_cell_10M.csv"] = LongCsv,
            ["rows_1048576.xlsx"] = path => Rows(path, 1_048_576),
            ["rows_1048577.xlsx"] = path => Rows(path, 1_048_577),
            ["rows_200000_values.xlsx"] = path => Rows(path, 200_000, "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>"),
        };
    }

    /// <summary>Where the generated files are.</summary>
    public string Folder { get; }

    /// <summary>tests/TestData, found above the test binaries.</summary>
    public static string TestData { get; } = FindTestData();

    /// <summary>The path of a case's file: checked in, or generated now if it is not yet.</summary>
    public string PathOf(HostileCase c)
    {
        if (!generators.TryGetValue(c.File, out var generate))
        {
            return Path.Combine(TestData, c.File);
        }

        var path = Path.Combine(Folder, c.File);
        lock (gate)
        {
            if (!File.Exists(path))
            {
                generate(path + ".partial");
                File.Move(path + ".partial", path);
            }
        }

        return path;
    }

    public void Dispose()
    {
        if (keep is not null)
        {
            return;
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// The baseline workbook with 3 GB of <paramref name="filler"/> put into one part just before the
    /// first <paramref name="marker"/> (after <paramref name="opening"/>, if any): a file of about 3 MB.
    /// </summary>
    private static long Bomb(string path, string part, string marker, string opening, string? filler = null)
    {
        if (filler is null)
        {
            (opening, filler) = (string.Empty, opening);
        }

        var xml = Encoding.UTF8.GetString(BaselinePart(part));
        var at = xml.IndexOf(marker, StringComparison.Ordinal);
        var chunk = Periodic(filler);
        return WriteBaseline(path, part, Encoding.UTF8.GetBytes(xml[..at] + opening), chunk, BombBytes / chunk.Length, Encoding.UTF8.GetBytes(xml[at..]), CompressionLevel.SmallestSize);
    }

    /// <summary>About 1 MB of <paramref name="unit"/> repeated, a whole number of deflate's longest match (258 bytes) too.</summary>
    private static byte[] Periodic(string unit)
    {
        var bytes = Encoding.UTF8.GetBytes(unit);
        var period = 258 * bytes.Length;
        var chunk = new byte[Math.Max(1, Chunk / period) * period];
        for (var i = 0; i < chunk.Length; i += bytes.Length)
        {
            bytes.CopyTo(chunk, i);
        }

        return chunk;
    }

    /// <summary>The header, a valid row, and a row whose commune is 10,000,000 characters long.</summary>
    private static long LongCsv(string path)
    {
        var lines = File.ReadAllLines(Path.Combine(TestData, "shapes", "labels_fr.csv"));
        using var w = new StreamWriter(path, false, new UTF8Encoding(false));
        w.Write(lines[0] + "\r\n" + lines[1] + "\r\n");
        var cells = lines[1].Split(',');
        cells[0] = "R9";
        cells[3] = new string('x', 10_000_000);
        w.Write(string.Join(',', cells) + "\r\n");
        w.Flush();
        return w.BaseStream.Length;
    }

    /// <summary>
    /// The baseline sheet (header and three valid rows), then rows of one blank cell, without row
    /// numbers (each follows the one before), up to row <paramref name="lastRow"/> − 1, and a last data
    /// row numbered <paramref name="lastRow"/> whose age is out of range: a file of a few hundred KB.
    /// </summary>
    private static long Rows(string path, int lastRow, string blank = "<row><c t=\"inlineStr\"><is><t> </t></is></c></row>")
    {
        var xml = Encoding.UTF8.GetString(BaselinePart("xl/worksheets/sheet1.xml"));
        var end = xml.IndexOf("</sheetData>", StringComparison.Ordinal);
        var data = xml[xml.IndexOf("<row r=\"2\">", StringComparison.Ordinal)..xml.IndexOf("<row r=\"3\">", StringComparison.Ordinal)];
        var last = System.Text.RegularExpressions.Regex.Replace(data, "r=\"([A-Z]*)2\"", m => $"r=\"{m.Groups[1].Value}{lastRow}\"")
            .Replace(">R1<", ">R9<", StringComparison.Ordinal)
            .Replace(">30<", ">130<", StringComparison.Ordinal);
        var chunk = Periodic(blank);
        var perChunk = chunk.Length / Encoding.UTF8.GetByteCount(blank);
        var blanks = lastRow - 5;
        var prefix = new StringBuilder(xml[..end]).Insert(end, blank, blanks % perChunk).ToString();
        return WriteBaseline(path, "xl/worksheets/sheet1.xml", Encoding.UTF8.GetBytes(prefix), chunk, blanks / perChunk, Encoding.UTF8.GetBytes(last + xml[end..]), CompressionLevel.Fastest);
    }

    private static byte[] BaselinePart(string part)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(TestData, "hostile", "baseline.xlsx"));
        using var s = zip.GetEntry(part)!.Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }

    /// <summary>baseline.xlsx with <paramref name="part"/> replaced by prefix + <paramref name="count"/> × chunk + suffix.</summary>
    private static long WriteBaseline(string path, string part, byte[] prefix, byte[] chunk, long count, byte[] suffix, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = File.Create(path);
        var zip = new RawZipWriter(output) { Level = level };
        using (var baseline = ZipFile.OpenRead(Path.Combine(TestData, "hostile", "baseline.xlsx")))
        {
            foreach (var entry in baseline.Entries)
            {
                if (entry.FullName == part)
                {
                    zip.AddRepeated(part, prefix, chunk, count, suffix);
                }
                else
                {
                    using var s = entry.Open();
                    using var m = new MemoryStream();
                    s.CopyTo(m);
                    zip.AddRepeated(entry.FullName, m.ToArray(), [], 0, []);
                }
            }
        }

        zip.Finish();
        return output.Length;
    }

    private static string FindTestData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "TestData");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/TestData not found above the test binaries.");
    }
}
