using System.Globalization;

namespace Indicators.Sheets;

public enum CellKind : byte
{
    Empty,
    Text,
    Number,
    Boolean,
    Date,
    Error,
}

/// <summary>
/// One cell as the file holds it. Numbers (and booleans as 1/0) in <see cref="Number"/>; a
/// <see cref="CellKind.Date"/> cell (a real date value in .xls or an ISO cell in .xlsx) holds its
/// day number; <see cref="DateStyled"/> marks a number shown as a date by its cell style.
/// </summary>
public readonly record struct Cell(CellKind Kind, string? Text, double Number, bool DateStyled = false)
{
    public static readonly Cell Empty = default;

    public bool IsBlank => Kind == CellKind.Empty || (Kind == CellKind.Text && string.IsNullOrWhiteSpace(Text));

    public static Cell OfText(string text) => new(CellKind.Text, text, 0);

    public static Cell OfNumber(double number, bool dateStyled = false) => new(CellKind.Number, null, number, dateStyled);

    public static Cell OfDate(DateOnly date) => new(CellKind.Date, null, date.DayNumber);

    /// <summary>The value as a person reads it in the sheet, for messages and the annotated workbook.</summary>
    public string Display(bool date1904 = false) => Kind switch
    {
        CellKind.Text or CellKind.Error => Text ?? string.Empty,
        CellKind.Boolean => Number != 0 ? "TRUE" : "FALSE",
        CellKind.Date => DateOnly.FromDayNumber((int)Number).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        CellKind.Number when DateStyled && ExcelDates.TryFromSerial(Number, date1904, out var d) =>
            d.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        CellKind.Number => Number.ToString(CultureInfo.InvariantCulture),
        _ => string.Empty,
    };
}

/// <summary>Excel date serials in the 1900 system (with its phantom 29 Feb 1900) and the 1904 system.</summary>
public static class ExcelDates
{
    private static readonly int Base1900 = new DateOnly(1899, 12, 30).DayNumber;
    private static readonly int Base1904 = new DateOnly(1904, 1, 1).DayNumber;

    public static bool TryFromSerial(double serial, bool date1904, out DateOnly date)
    {
        date = default;
        if (double.IsNaN(serial) || serial < 0 || serial > 2958465)
        {
            return false;
        }

        var days = (int)Math.Floor(serial);
        if (date1904)
        {
            date = DateOnly.FromDayNumber(Base1904 + days);
            return true;
        }

        if (days == 60 || days == 0)
        {
            return false; // 29/02/1900 does not exist; serial 0 is "00/01/1900"
        }

        date = DateOnly.FromDayNumber(Base1900 + days + (days < 60 ? 1 : 0));
        return true;
    }

    public static double ToSerial(DateOnly date) => date.DayNumber - Base1900;
}
