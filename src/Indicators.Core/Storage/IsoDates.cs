namespace Indicators.Storage;

/// <summary>A date as the <c>responses</c> table keeps it, yyyy-MM-dd, written as UTF-8 bytes without a format string.</summary>
internal static class IsoDates
{
    /// <summary>Writes the 10 bytes of <paramref name="day"/> (years 1 to 9999) into <paramref name="into"/>.</summary>
    public static void Write(DateOnly day, Span<byte> into)
    {
        var (y, m, d) = day;
        into[9] = (byte)('0' + (d % 10)); // the last byte first: one bounds check for all ten
        into[0] = (byte)('0' + (y / 1000));
        into[1] = (byte)('0' + (y / 100 % 10));
        into[2] = (byte)('0' + (y / 10 % 10));
        into[3] = (byte)('0' + (y % 10));
        into[4] = (byte)'-';
        into[5] = (byte)('0' + (m / 10));
        into[6] = (byte)('0' + (m % 10));
        into[7] = (byte)'-';
        into[8] = (byte)('0' + (d / 10));
    }
}
