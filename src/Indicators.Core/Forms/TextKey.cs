using System.Globalization;
using System.Text;

namespace Indicators.Forms;

/// <summary>
/// The comparison key for headers, labels, codes and names: trimmed, case- and accent-insensitive,
/// `_`, `-` and apostrophes read as spaces, spaces collapsed, Arabic diacritics and tatweel dropped
/// and the alef forms read as a bare alef (survey-sheet-v1, "Precise readings").
/// </summary>
public static class TextKey
{
    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        if (IsPlainAscii(text))
        {
            return OfAscii(text);
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var raw in decomposed)
        {
            var c = raw;
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.Format)
            {
                continue; // accents, Arabic harakat and hamza marks, zero-width characters
            }

            if (c == '\u0640')
            {
                continue; // tatweel
            }

            if (c == '\u0671')
            {
                c = '\u0627'; // alef wasla
            }

            if (c is '_' or '-' or '\'' or '\u2019' or '\u2018' or '\u02BC' or '`' or '\u2010' or '\u2011' or '\u2013'
                || char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    private static bool IsPlainAscii(string text)
    {
        foreach (var c in text)
        {
            if (c > 0x7e)
            {
                return false;
            }
        }

        return true;
    }

    private static string OfAscii(string text)
    {
        Span<char> buffer = text.Length <= 256 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (c is '_' or '-' or '\'' or '`' || c <= ' ')
            {
                pendingSpace = length > 0;
                continue;
            }

            if (pendingSpace)
            {
                buffer[length++] = ' ';
                pendingSpace = false;
            }

            buffer[length++] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        }

        var result = buffer[..length];
        return result.SequenceEqual(text) ? text : new string(result);
    }
}
