using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Indicators.Periods;

/// <summary>A calendar quarter, written `2025Q3`.</summary>
public readonly record struct Quarter(int Year, int Number) : IComparable<Quarter>
{
    public DateOnly FirstDay => new(Year, ((Number - 1) * 3) + 1, 1);

    public DateOnly LastDay => FirstDay.AddMonths(3).AddDays(-1);

    public Quarter Previous => Number == 1 ? new Quarter(Year - 1, 4) : new Quarter(Year, Number - 1);

    public Quarter Next => Number == 4 ? new Quarter(Year + 1, 1) : new Quarter(Year, Number + 1);

    public bool Contains(DateOnly date) => date >= FirstDay && date <= LastDay;

    public static Quarter Of(DateOnly date) => new(date.Year, ((date.Month - 1) / 3) + 1);

    public static bool TryParse(string? text, [NotNullWhen(true)] out Quarter? quarter)
    {
        quarter = null;
        var t = text?.Trim().ToUpperInvariant().Replace("-", string.Empty, StringComparison.Ordinal)
            .Replace(" ", string.Empty, StringComparison.Ordinal).Replace("T", "Q", StringComparison.Ordinal);
        if (t is null || t.Length != 6 || t[4] != 'Q')
        {
            return false;
        }

        if (!int.TryParse(t.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || year < 2000 || year > 2100 || t[5] < '1' || t[5] > '4')
        {
            return false;
        }

        quarter = new Quarter(year, t[5] - '0');
        return true;
    }

    public static Quarter Parse(string text) =>
        TryParse(text, out var q) ? q.Value : throw new FormatException($"'{text}' is not a quarter such as 2025Q3.");

    public int CompareTo(Quarter other) => (Year * 4) + Number - ((other.Year * 4) + other.Number);

    public static bool operator <(Quarter a, Quarter b) => a.CompareTo(b) < 0;

    public static bool operator >(Quarter a, Quarter b) => a.CompareTo(b) > 0;

    public static bool operator <=(Quarter a, Quarter b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Quarter a, Quarter b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Year}Q{Number}");
}
