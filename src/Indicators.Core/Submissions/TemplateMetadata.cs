using Indicators.Sheets;

namespace Indicators.Submissions;

/// <summary>
/// The hidden sheet a generated template carries (form id and version, region, quarter), read
/// back on import so a template filled for one region and quarter cannot land in another.
/// </summary>
public static class TemplateMetadata
{
    public const string SheetName = "_metadata";

    public static Dictionary<string, string> Read(IWorkbookReader workbook)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var index = -1;
        for (var i = 0; i < workbook.Sheets.Count; i++)
        {
            if (string.Equals(workbook.Sheets[i].Name, SheetName, StringComparison.OrdinalIgnoreCase))
            {
                index = i;
            }
        }

        if (index < 0)
        {
            return result;
        }

        using var reader = workbook.OpenSheet(index);
        var row = new SheetRow();
        while (reader.Read(row) && row.Number <= 50)
        {
            var key = row[0].Display();
            if (key.Length > 0 && !row[1].IsBlank)
            {
                result[key.Trim()] = row[1].Display().Trim();
            }
        }

        return result;
    }
}
