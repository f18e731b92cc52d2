using System.IO.Compression;
using System.Text;
using Indicators.Sheets;

namespace Indicators.Tests.Sheets;

/// <summary>Hostile files end in a file error, within bounded memory.</summary>
public sealed class ReaderLimitsTests
{
    [Fact]
    public void A_zip_bomb_is_stopped_while_inflating()
    {
        using var bomb = new MemoryStream();
        using (var zip = new ZipArchive(bomb, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Write(zip, "_rels/.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Write(zip, "xl/workbook.xml", """<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Write(zip, "xl/_rels/workbook.xml.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            var entry = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.SmallestSize);
            using var s = entry.Open();
            s.Write(Encoding.ASCII.GetBytes("<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"));
            var spaces = new byte[1 << 20];
            Array.Fill(spaces, (byte)' ');
            for (var i = 0; i < 200; i++)
            {
                s.Write(spaces); // 200 MB of whitespace: a few hundred KB compressed
            }
        }

        Assert.True(bomb.Length < 2 * 1024 * 1024);
        bomb.Position = 0;
        using var book = WorkbookFile.Open(bomb, "bomb.xlsx");
        using var sheet = book.OpenSheet(0);
        var e = Assert.Throws<SheetFileException>(() => sheet.Read(new SheetRow()));
        Assert.Equal("zip_bomb", e.Code);
    }

    [Fact]
    public void A_row_with_100000_columns_is_refused()
    {
        var csv = string.Join(",", Enumerable.Repeat("x", 100_000)) + "\n";
        using var book = WorkbookFile.Open(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "wide.csv");
        using var sheet = book.OpenSheet(0);
        Assert.Equal("too_many_columns", Assert.Throws<SheetFileException>(() => sheet.Read(new SheetRow())).Code);
    }

    [Fact]
    public void A_ten_million_character_cell_is_refused()
    {
        var csv = "a,b,c\n" + new string('x', 10_000_000) + ",1,2\n";
        using var book = WorkbookFile.Open(new MemoryStream(Encoding.UTF8.GetBytes(csv)), "long.csv");
        using var sheet = book.OpenSheet(0);
        var row = new SheetRow();
        Assert.True(sheet.Read(row));
        var e = Assert.Throws<SheetFileException>(() => sheet.Read(row));
        Assert.Equal("cell_too_long", e.Code);
        Assert.Equal("2", e.Args["row"]);
    }

    [Fact]
    public void An_empty_file_has_no_header()
    {
        var e = Assert.Throws<SheetFileException>(() => WorkbookFile.Open(new MemoryStream(), "empty.csv"));
        Assert.Equal("no_header", e.Code);
    }

    [Fact]
    public void Binary_junk_is_not_a_spreadsheet()
    {
        var e = Assert.Throws<SheetFileException>(() => WorkbookFile.Open(new MemoryStream([0x7F, 0x45, 0x4C, 0x46, 0, 0, 1, 2]), "x.xlsx"));
        Assert.Equal("not_a_spreadsheet", e.Code);
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var s = zip.CreateEntry(name).Open();
        s.Write(Encoding.UTF8.GetBytes(text));
    }
}
