using Indicators.Forms;
using Indicators.Sheets;
using Indicators.Submissions.Validation;

namespace Indicators.Submissions;

/// <summary>The header found in a workbook: which sheet and row, and where each form field sits.</summary>
public sealed class SheetHeader : IDisposable
{
    public required int SheetIndex { get; init; }

    public required string SheetName { get; init; }

    public required int Row { get; init; }

    /// <summary>One binding per form field, in form order; absent fields have index −1.</summary>
    public required IReadOnlyList<ColumnBinding> Bindings { get; init; }

    public required IReadOnlyList<ImportError> Warnings { get; init; }

    public required IReadOnlyList<ImportError> FileErrors { get; init; }

    /// <summary>Positioned just after the header row.</summary>
    public required ISheetReader Reader { get; init; }

    public void Dispose() => Reader.Dispose();
}

/// <summary>
/// Finds the header: the first row (within the form's search depth) of the first visible sheet
/// where at least <c>minHeaderMatches</c> cells name form fields. Then checks the columns:
/// missing required ones and duplicated fields are file errors, unknown columns are warnings.
/// </summary>
public static class HeaderDetector
{
    public static SheetHeader? Find(IWorkbookReader workbook, FormDefinition form, ErrorFactory errors)
    {
        var row = new SheetRow();
        for (var s = 0; s < workbook.Sheets.Count; s++)
        {
            var sheet = workbook.Sheets[s];
            if (sheet.Hidden || string.Equals(sheet.Name, TemplateMetadata.SheetName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var reader = workbook.OpenSheet(s);
            var found = false;
            try
            {
                while (reader.Read(row) && row.Number <= form.Limits.HeaderSearchRows)
                {
                    var matches = 0;
                    for (var c = 0; c < row.Width; c++)
                    {
                        if (!row[c].IsBlank && form.MatchHeader(row[c].Display()) is not null)
                        {
                            matches++;
                        }
                    }

                    if (matches >= form.Limits.MinHeaderMatches)
                    {
                        found = true;
                        return Bind(row, s, sheet.Name, reader, form, errors);
                    }
                }
            }
            finally
            {
                if (!found)
                {
                    reader.Dispose();
                }
            }
        }

        return null;
    }

    private static SheetHeader Bind(SheetRow row, int sheetIndex, string sheetName, ISheetReader reader, FormDefinition form, ErrorFactory errors)
    {
        var columns = new List<(int Index, string Header)>[form.Fields.Count];
        var warnings = new List<ImportError>();
        for (var c = 0; c < row.Width; c++)
        {
            if (row[c].IsBlank)
            {
                continue;
            }

            var header = row[c].Display().Trim();
            var field = form.MatchHeader(header);
            if (field is null)
            {
                warnings.Add(errors.Warning("unknown_column", new Dictionary<string, LocalizedText>
                {
                    ["column"] = ErrorFactory.Same(header),
                    ["sheet"] = ErrorFactory.Same(sheetName),
                }, sheetName, header, c));
                continue;
            }

            (columns[field.Index] ??= []).Add((c, header));
        }

        var fileErrors = new List<ImportError>();
        var missing = form.Fields.Where(f => f.Required && columns[f.Index] is null).ToList();
        if (missing.Count > 0)
        {
            fileErrors.Add(errors.File("missing_columns", new Dictionary<string, LocalizedText>
            {
                ["columns"] = new(
                    string.Join(", ", missing.Select(f => $"« {f.Label.Fr} » ({f.Name})")),
                    string.Join("، ", missing.Select(f => $"«{f.Label.Ar}» ({f.Name})")),
                    string.Join(", ", missing.Select(f => $"'{f.Label.En}' ({f.Name})"))),
            }, sheetName));
        }

        foreach (var f in form.Fields.Where(f => columns[f.Index] is { Count: > 1 }))
        {
            var list = string.Join(", ", columns[f.Index].Select(c => $"{ColumnName(c.Index)} « {c.Header} »"));
            fileErrors.Add(errors.File("duplicate_column", new Dictionary<string, LocalizedText>
            {
                ["field"] = f.Label,
                ["columns"] = ErrorFactory.Same(list),
            }, sheetName));
        }

        var bindings = form.Fields
            .Select(f => columns[f.Index] is { } list ? new ColumnBinding(f, list[0].Index, list[0].Header) : new ColumnBinding(f, -1, f.Label.Fr))
            .ToList();
        return new SheetHeader
        {
            SheetIndex = sheetIndex,
            SheetName = sheetName,
            Row = row.Number,
            Bindings = bindings,
            Warnings = warnings,
            FileErrors = fileErrors,
            Reader = reader,
        };
    }

    /// <summary>0 → A, 27 → AB.</summary>
    public static string ColumnName(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}
