using Indicators.Submissions.Validation;

namespace Indicators.Tests.Submissions;

public sealed class TextValuesTests
{
    [Theory]
    [InlineData("1,250", 1.25)]
    [InlineData("1.5", 1.5)]
    [InlineData("1 250,50", 1250.5)]
    [InlineData("1\u00A0250", 1250)]
    [InlineData("٣٥", 35)]
    [InlineData("-3", -3)]
    [InlineData("35.0", 35)]
    public void Numbers_as_text(string text, double expected)
    {
        Assert.True(TextValues.TryParseNumber(text, out var v));
        Assert.Equal(expected, v);
    }

    [Theory]
    [InlineData("1.250.000")]
    [InlineData("12abc")]
    [InlineData("")]
    [InlineData("1e5")]
    [InlineData("3.")]
    public void Not_numbers(string text) => Assert.False(TextValues.TryParseNumber(text, out _));

    [Theory]
    [InlineData("2025-07-15", 2025, 7, 15)]
    [InlineData("15/07/2025", 2025, 7, 15)]
    [InlineData("1/9/2025", 2025, 9, 1)]
    [InlineData("2025-07-15T09:30:00", 2025, 7, 15)]
    [InlineData("١٥/٠٧/٢٠٢٥", 2025, 7, 15)]
    public void Dates_as_text(string text, int y, int m, int d)
    {
        Assert.True(TextValues.TryParseDate(text, out var date));
        Assert.Equal(new DateOnly(y, m, d), date);
    }

    [Theory]
    [InlineData("31/04/2025")]
    [InlineData("29/02/2025")]
    [InlineData("07/15/2025")]
    [InlineData("2025/07/15")]
    [InlineData("15-07-25")]
    public void Impossible_or_unknown_dates(string text) => Assert.False(TextValues.TryParseDate(text, out _));

    [Theory]
    [InlineData(45853, false, 2025, 7, 15)]
    [InlineData(44391, true, 2025, 7, 15)]
    [InlineData(59, false, 1900, 2, 28)]
    [InlineData(61, false, 1900, 3, 1)]
    public void Excel_serials(double serial, bool date1904, int y, int m, int d)
    {
        Assert.True(Indicators.Sheets.ExcelDates.TryFromSerial(serial, date1904, out var date));
        Assert.Equal(new DateOnly(y, m, d), date);
    }

    [Fact]
    public void The_phantom_29_february_1900_is_not_a_date() => Assert.False(Indicators.Sheets.ExcelDates.TryFromSerial(60, false, out _));
}
