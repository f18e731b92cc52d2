using System.Globalization;
using System.Text;

namespace Indicators.Statistics;

/// <summary>
/// The SDMX-CSV-style export of indicators-v1: the spec's header, one row per indicator × region ×
/// quarter × group (sex × age group, kept for the pyramid, is not one of them), invariant culture,
/// shortest round-trip numbers, empty fields where nothing applies, rows in ordinal order of every
/// column. UTF-8 without BOM, <c>\n</c> line ends: the same figures give the same bytes.
/// </summary>
public static class IndicatorCsv
{
    public const string Header = "INDICATOR,REGION,QUARTER,PROVINCE,SEX,AGE_GROUP,CATEGORY,OBS_VALUE,SE,CI_LOW,CI_HIGH,CV,N,N_WEIGHTED,MISSING,OBS_FLAG";

    public static void Write(IEnumerable<IndicatorValue> values, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 65536, leaveOpen: true) { NewLine = "\n" };
        writer.WriteLine(Header);
        foreach (var line in Lines(values))
        {
            writer.WriteLine(line);
        }
    }

    public static string ToText(IEnumerable<IndicatorValue> values)
    {
        using var buffer = new MemoryStream();
        Write(values, buffer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The data lines, sorted: ordinal comparison of the fields, column by column.</summary>
    public static IEnumerable<string> Lines(IEnumerable<IndicatorValue> values)
    {
        var rows = values.Where(v => !v.Group.IsSexByAge).Select(Fields).ToList();
        rows.Sort(CompareFields);
        return rows.Select(f => string.Join(',', f));
    }

    private static string[] Fields(IndicatorValue v)
    {
        var suppressed = v.Flag == "x";
        return
        [
            v.Indicator, v.Region, v.Quarter, v.Group.Province, v.Group.Sex, v.Group.AgeGroup, v.Group.Category,
            Number(suppressed ? null : v.Value),
            Number(suppressed ? null : v.Se),
            Number(suppressed ? null : v.CiLow),
            Number(suppressed ? null : v.CiHigh),
            Number(suppressed ? null : v.Cv),
            v.N.ToString(CultureInfo.InvariantCulture),
            Number(suppressed ? null : v.NWeighted),
            v.Missing.ToString(CultureInfo.InvariantCulture),
            v.Flag ?? string.Empty,
        ];
    }

    private static string Number(double? d) => d is { } x ? x.ToString(CultureInfo.InvariantCulture) : string.Empty;

    private static int CompareFields(string[] a, string[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            // Ordinal on UTF-16 equals UTF-8 byte order for the ASCII these fields hold.
            var c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return 0;
    }
}
