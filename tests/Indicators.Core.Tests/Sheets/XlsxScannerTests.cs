using System.IO.Compression;
using System.Text;
using Indicators.Sheets;

namespace Indicators.Tests.Sheets;

/// <summary>The worksheet scanner against the XML shapes that real writers produce.</summary>
public sealed class XlsxScannerTests
{
    [Fact]
    public void Entities_character_references_and_cdata_are_decoded()
    {
        var rows = Read("""<row r="1"><c r="A1" t="inlineStr"><is><t>a &amp; b &lt;c&gt; &quot;d&quot; &#233;&#x627;</t></is></c><c r="B1" t="inlineStr"><is><t><![CDATA[x < y & z]]></t></is></c></row>""");
        Assert.Equal("a & b <c> \"d\" éا", rows[0][0].Text);
        Assert.Equal("x < y & z", rows[0][1].Text);
    }

    [Fact]
    public void Prefixed_elements_whitespace_and_missing_references_read_the_same()
    {
        var rows = Read("""
            <x:row r="3">
              <x:c r="B3" t="inlineStr">
                <x:is><x:t xml:space="preserve"> padded </x:t></x:is>
              </x:c>
              <x:c t="str"><x:f>A1&amp;"x"</x:f><x:v>cached</x:v></x:c>
              <x:c r="E3" t="b"><x:v>1</x:v></x:c>
              <x:c r="F3" t="e"><x:v>#N/A</x:v></x:c>
            </x:row>
            <x:row><x:c><x:v>4.5</x:v></x:c></x:row>
            """, prefix: "x");
        Assert.Equal(3, rows[0].Number);
        Assert.Equal(" padded ", rows[0][1].Text);
        Assert.Equal("cached", rows[0][2].Text);
        Assert.Equal(CellKind.Boolean, rows[0][4].Kind);
        Assert.Equal(CellKind.Error, rows[0][5].Kind);
        Assert.Equal(4, rows[1].Number);
        Assert.Equal(4.5, rows[1][0].Number);
    }

    [Fact]
    public void Rich_text_runs_join_and_phonetic_runs_are_skipped()
    {
        var rows = Read("""<row r="1"><c r="A1" t="inlineStr"><is><r><t>Agadir </t></r><r><rPr><b/></rPr><t>Ida-Outanane</t></r><rPh sb="0" eb="1"><t>ア</t></rPh></is></c></row>""");
        Assert.Equal("Agadir Ida-Outanane", rows[0][0].Text);
    }

    [Fact]
    public void Openpyxl_escapes_of_control_characters_are_decoded()
    {
        var rows = Read("""<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b</t></is></c></row>""");
        Assert.Equal("a\rb", rows[0][0].Text);
    }

    [Fact]
    public void A_utf16_sheet_part_reads_like_utf8()
    {
        var rows = Read("""<row r="2"><c r="A2" t="inlineStr"><is><t>السن &amp; âge</t></is></c><c r="B2"><v>30</v></c></row>""", utf16: true);
        Assert.Equal((2, "السن & âge", 30d), (rows[0].Number, rows[0][0].Text, rows[0][1].Number));
    }

    [Fact]
    public void An_undeclared_entity_is_refused()
    {
        var e = Assert.Throws<SheetFileException>(() => Read("""<row r="1"><c r="A1" t="inlineStr"><is><t>&lol;</t></is></c></row>"""));
        Assert.Equal("forbidden_dtd", e.Code);
    }

    [Fact]
    public void A_cell_beyond_the_column_limit_is_refused()
    {
        var e = Assert.Throws<SheetFileException>(() => Read("""<row r="1"><c r="ZZZZ1"><v>1</v></c></row>"""));
        Assert.Equal("too_many_columns", e.Code);
    }

    [Fact]
    public void A_truncated_sheet_is_unreadable()
    {
        var e = Assert.Throws<SheetFileException>(() => Read("""<row r="1"><c r="A1"><v>1</v></c>""", close: false));
        Assert.Equal("unreadable", e.Code);
    }

    [Fact]
    public void Numbers_read_in_place_equal_what_double_parse_gives()
    {
        // The short-decimal path against the runtime's parser, on generated and awkward numbers.
        var random = new Random(5);
        var texts = new List<string> { "0", "-0", "007", ".5", "5.", "-.25", "0.1", "0.3", "123456789012345", "1234567890123456", "9007199254740993", "1e3", "1E-2", " 4", "4 ", "+4", "1.2.3", "-", ".", "", "12a", "45900" };
        for (var i = 0; i < 20_000; i++)
        {
            var digits = random.Next(1, 17);
            var text = random.NextInt64(0, (long)Math.Pow(10, Math.Min(digits, 18))).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var point = random.Next(0, text.Length + 1);
            texts.Add((random.Next(4) == 0 ? "-" : string.Empty) + (point < text.Length ? text.Insert(point, ".") : text));
        }

        var taken = 0;
        foreach (var text in texts)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var expected = double.TryParse(bytes, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed);
            if (Indicators.Sheets.Xlsx.SheetXmlScanner.TryParseShortDecimal(bytes, out var fast))
            {
                taken++;
                Assert.True(expected, $"'{text}' is not a number for double.TryParse");
                Assert.Equal(BitConverter.DoubleToInt64Bits(parsed), BitConverter.DoubleToInt64Bits(fast));
            }
        }

        // The short path takes what it is for, and leaves the rest to double.TryParse.
        Assert.InRange(taken, 15_000, 19_000);
        foreach (var (text, value) in new[] { ("-12.50", -12.5), (".5", 0.5), ("5.", 5), ("-0", -0.0), ("45900", 45900), ("123456789012345", 123456789012345) })
        {
            Assert.True(Indicators.Sheets.Xlsx.SheetXmlScanner.TryParseShortDecimal(Encoding.UTF8.GetBytes(text), out var fast), text);
            Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(fast));
        }

        foreach (var text in new[] { "1234567890123456", "1e3", " 4", "+4", "1.2.3", "-", ".", string.Empty })
        {
            Assert.False(Indicators.Sheets.Xlsx.SheetXmlScanner.TryParseShortDecimal(Encoding.UTF8.GetBytes(text), out _), text);
        }

        var rows = Read("""<row r="1"><c r="A1"><v>0.3</v></c><c r="B1"><v>1E-2</v></c><c r="C1"><v> 7 </v></c><c r="D1"><v>-12.50</v></c><c r="E1"><v></v></c></row>""");
        Assert.Equal([0.3, 0.01, 7, -12.5], new[] { rows[0][0].Number, rows[0][1].Number, rows[0][2].Number, rows[0][3].Number });
        Assert.Equal((CellKind.Text, string.Empty), (rows[0][4].Kind, rows[0][4].Text));
    }

    [Fact]
    public void Cell_attributes_read_in_any_order_and_prefixed_ones_are_not_taken_for_them()
    {
        var rows = Read("""<row r="1"><c s="0" t="inlineStr" r="C1"><is><t>c</t></is></c><c x:r="A1" r="E1" x:t="b" t="inlineStr"><is><t>e</t></is></c><c t="str" r="F1"><v>f &amp; g</v></c><c r="G1" t="n"><v>2</v></c></row>""");
        Assert.Equal(("c", "e", "f & g", 2d), (rows[0][2].Text, rows[0][4].Text, rows[0][5].Text, rows[0][6].Number));
        Assert.Equal(CellKind.Empty, rows[0][0].Kind);
    }

    [Fact]
    public void Repeated_texts_come_back_equal_whichever_path_read_them()
    {
        // 2,000 short texts seen three times each: many share a slot of the by-bytes table, so a
        // text taken for another with the same slot would show.
        string Text(int k) => k % 7 == 0 ? $"a &amp; {k}" : k % 5 == 0 ? $"Aït {k}" : $"c{k}";
        var order = Enumerable.Range(0, 6_000).Select(i => (i * 7919) % 2_000).ToArray();
        var cells = string.Concat(order.Select((k, i) => $"""<row r="{i + 1}"><c r="A{i + 1}" t="inlineStr"><is><t>{Text(k)}</t></is></c><c r="B{i + 1}" t="inlineStr"><is><t>id-{i}</t></is></c></row>"""));
        var rows = Read(cells);
        Assert.Equal(6_000, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(Text(order[i]).Replace("&amp;", "&", StringComparison.Ordinal), rows[i][0].Text);
            Assert.Equal($"id-{i}", rows[i][1].Text);
        }
    }

    [Fact]
    public void A_sheet_arriving_a_few_bytes_at_a_time_reads_the_same()
    {
        // Values, tags and references cut at every place by the reads: the in-place paths give way
        // to the general ones and the rows are the same.
        var xml = """<worksheet><sheetData>""" + string.Concat(Enumerable.Range(1, 400).Select(i =>
            $"""<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>r&#233;p {i % 9}</t></is></c><c r="B{i}" s="0"><v>{(i * 0.25).ToString(System.Globalization.CultureInfo.InvariantCulture)}</v></c><c r="C{i}" t="inlineStr"><is><t>oui</t></is></c></row>""")) + "</sheetData></worksheet>";
        var bytes = Encoding.UTF8.GetBytes(xml);
        foreach (var chunk in new[] { 1, 3, 7, 64, bytes.Length })
        {
            using var scanner = new Indicators.Sheets.Xlsx.SheetXmlScanner(new TrickleStream(bytes, chunk), "S", [], [false], ReaderLimits.Default);
            var row = new SheetRow();
            var n = 0;
            while (scanner.Read(row))
            {
                n++;
                Assert.Equal(($"rép {n % 9}", n * 0.25, "oui"), (row[0].Text, row[1].Number, row[2].Text));
            }

            Assert.Equal(400, n);
        }
    }

    [Fact]
    public void Escaped_surrogate_pairs_decode_and_a_lone_surrogate_stays_as_written()
    {
        var rows = Read("""<row r="1"><c r="A1" t="inlineStr"><is><t>a_xD83D__xDE00_b</t></is></c><c r="B1" t="inlineStr"><is><t>x_xD800_y</t></is></c><c r="C1" t="inlineStr"><is><t>_xDE00_</t></is></c></row>""");
        Assert.Equal(("a😀b", "x_xD800_y", "_xDE00_"), (rows[0][0].Text, rows[0][1].Text, rows[0][2].Text));
    }

    [Fact]
    public void A_nul_byte_in_a_short_text_is_refused()
    {
        var e = Assert.Throws<SheetFileException>(() => Read("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\0b</t></is></c></row>"));
        Assert.Equal("unreadable", e.Code);
        e = Assert.Throws<SheetFileException>(() => Read("<row r=\"1\"><c r=\"A1\" t=\"str\"><v>a\0b</v></c></row>"));
        Assert.Equal("unreadable", e.Code);
    }

    private sealed class TrickleStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);
    }

    private static List<SheetRow> Read(string sheetData, string? prefix = null, bool close = true, bool utf16 = false)
    {
        var ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        var root = prefix is null ? $"<worksheet xmlns=\"{ns}\"><sheetData>" : $"<{prefix}:worksheet xmlns:{prefix}=\"{ns}\"><{prefix}:sheetData>";
        var tail = prefix is null ? "</sheetData></worksheet>" : $"</{prefix}:sheetData></{prefix}:worksheet>";
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "_rels/.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Write(zip, "xl/workbook.xml", """<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Write(zip, "xl/_rels/workbook.xml.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            var xml = $"<?xml version=\"1.0\" encoding=\"{(utf16 ? "UTF-16" : "UTF-8")}\"?>" + root + sheetData + (close ? tail : string.Empty);
            using var part = zip.CreateEntry("xl/worksheets/sheet1.xml").Open();
            part.Write(utf16 ? [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(xml)] : Encoding.UTF8.GetBytes(xml));
        }

        stream.Position = 0;
        using var book = WorkbookFile.Open(stream, "t.xlsx");
        using var sheet = book.OpenSheet(0);
        var rows = new List<SheetRow>();
        var row = new SheetRow();
        while (sheet.Read(row))
        {
            rows.Add(row.Copy());
        }

        return rows;
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var s = zip.CreateEntry(name).Open();
        s.Write(Encoding.UTF8.GetBytes(text));
    }
}
