using System.Text;
using Indicators.Sheets;

namespace Indicators.Tests.Sheets;

public sealed class CsvReaderTests
{
    static CsvReaderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Semicolons_quotes_blank_lines_and_line_numbers()
    {
        var text = "titre\r\n\r\na;b;\"c;d\"\r\n1;\"deux\r\nlignes\";\"x\"\"y\"\r\n\r\n3;4;5";
        var rows = Read(Encoding.UTF8.GetBytes(text), out var separator);
        Assert.Equal(';', separator);
        Assert.Equal([1, 3, 4, 7], rows.Select(r => r.Number));
        Assert.Equal("c;d", rows[1][2].Text);
        Assert.Equal("deux\r\nlignes", rows[2][1].Text);
        Assert.Equal("x\"y", rows[2][2].Text);
    }

    [Fact]
    public void Windows_1256_arabic_is_recognised()
    {
        var bytes = Encoding.GetEncoding(1256).GetBytes("الجنس,السن,الجنسية\r\nأنثى,30,السنغال\r\n");
        var rows = Read(bytes, out _);
        Assert.Equal("أنثى", rows[1][0].Text);
        Assert.Equal("السنغال", rows[1][2].Text);
    }

    [Fact]
    public void A_utf8_bom_is_not_part_of_the_first_header()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("Sexe,Âge\nF,30\n")).ToArray();
        Assert.Equal("Sexe", Read(bytes, out _)[0][0].Text);
    }

    private static List<SheetRow> Read(byte[] bytes, out char separator)
    {
        using var book = new CsvWorkbookReader(new MemoryStream(bytes), "t");
        separator = book.Separator;
        using var sheet = book.OpenSheet(0);
        var rows = new List<SheetRow>();
        var row = new SheetRow();
        while (sheet.Read(row))
        {
            rows.Add(row.Copy());
        }

        return rows;
    }
}
