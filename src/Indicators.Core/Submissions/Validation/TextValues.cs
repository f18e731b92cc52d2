using System.Globalization;

namespace Indicators.Submissions.Validation;

/// <summary>Numbers and dates written as text, as the survey sheet spec reads them.</summary>
public static class TextValues
{
    /// <summary>Trims spaces and non-breaking spaces.</summary>
    public static string Clean(string text) =>
        text.Length > 0 && (IsEdge(text[0]) || IsEdge(text[^1])) ? text.Trim().Trim(Edges).Trim() : text;

    private static readonly char[] Edges = ['\u00A0', '\u202F', '\u2007', '\u200F', '\u200E'];

    private static bool IsEdge(char c) => char.IsWhiteSpace(c) || c is '\u200F' or '\u200E';

    /// <summary>`,` and `.` are decimal separators; spaces (also non-breaking) group thousands; Arabic-Indic digits.</summary>
    public static bool TryParseNumber(string text, out double value)
    {
        value = 0;
        Span<char> buffer = text.Length <= 128 ? stackalloc char[text.Length] : new char[text.Length];
        var n = 0;
        var separators = 0;
        foreach (var c in text)
        {
            switch (c)
            {
                case ' ' or '\u00A0' or '\u202F' or '\u2009' or '\u2007' or '\u200F' or '\u200E':
                    continue;
                case ',' or '.' or '\u066B':
                    buffer[n++] = '.';
                    separators++;
                    break;
                case >= '\u0660' and <= '\u0669':
                    buffer[n++] = (char)('0' + (c - '\u0660'));
                    break;
                case >= '\u06F0' and <= '\u06F9':
                    buffer[n++] = (char)('0' + (c - '\u06F0'));
                    break;
                case '\u2212':
                    buffer[n++] = '-';
                    break;
                default:
                    buffer[n++] = c;
                    break;
            }
        }

        return n > 0 && separators <= 1 && buffer[n - 1] != '.'
            && double.TryParse(buffer[..n], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>ISO `yyyy-mm-dd` (a time after it is ignored), or `d/m/yyyy` / `dd/mm/yyyy`.</summary>
    public static bool TryParseDate(string text, out DateOnly date)
    {
        date = default;
        Span<char> s = text.Length <= 64 ? stackalloc char[text.Length] : new char[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            s[i] = c switch
            {
                >= '\u0660' and <= '\u0669' => (char)('0' + (c - '\u0660')),
                >= '\u06F0' and <= '\u06F9' => (char)('0' + (c - '\u06F0')),
                _ => c,
            };
        }

        var cut = s.IndexOfAny('T', ' ');
        if (cut > 0)
        {
            s = s[..cut];
        }

        int year, month, day;
        if (s.Length == 10 && s[4] == '-' && s[7] == '-')
        {
            if (!Int(s[..4], out year) || !Int(s.Slice(5, 2), out month) || !Int(s.Slice(8, 2), out day))
            {
                return false;
            }
        }
        else
        {
            var first = s.IndexOf('/');
            var last = s.LastIndexOf('/');
            if (first is < 1 or > 2 || last - first is < 2 or > 3 || s.Length - last != 5)
            {
                return false;
            }

            if (!Int(s[..first], out day) || !Int(s[(first + 1)..last], out month) || !Int(s[(last + 1)..], out year))
            {
                return false;
            }
        }

        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private static bool Int(ReadOnlySpan<char> s, out int value) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
