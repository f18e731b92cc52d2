using System.Globalization;
using Indicators.Forms;
using Indicators.Sheets;
using Indicators.Sheets.Xlsx;
using Indicators.Submissions.Validation;

namespace Indicators.Submissions;

/// <summary>
/// The uploaded sheet written back with every faulty cell highlighted and commented, a last column
/// listing each faulty row's errors, and an errors sheet with every error and warning of the file.
/// Values are copied as values: nothing from the upload can become a formula.
/// </summary>
public sealed class AnnotatedWorkbook(Messages messages)
{
    public void Write(Stream output, string originalPath, string fileName, ImportResult result, Lang lang)
    {
        var rtl = lang == Lang.Ar;
        var byCell = new Dictionary<(int Row, int Column), List<ImportError>>();
        var byRow = new Dictionary<int, List<ImportError>>();
        foreach (var e in result.Errors.Where(e => e.Row is not null))
        {
            (byRow.TryGetValue(e.Row!.Value, out var list) ? list : byRow[e.Row.Value] = []).Add(e);
            if (e.ColumnIndex is { } column)
            {
                (byCell.TryGetValue((e.Row.Value, column), out var cellList) ? cellList : byCell[(e.Row.Value, column)] = []).Add(e);
            }
        }

        using var book = new XlsxWriter(output);
        if (result.Sheet is not null)
        {
            CopySheet(book, originalPath, fileName, result, lang, byCell, byRow);
        }

        WriteErrors(book, fileName, result, lang);
    }

    private void CopySheet(
        XlsxWriter book,
        string originalPath,
        string fileName,
        ImportResult result,
        Lang lang,
        Dictionary<(int Row, int Column), List<ImportError>> byCell,
        Dictionary<int, List<ImportError>> byRow)
    {
        using var workbook = WorkbookFile.Open(originalPath, fileName);
        var index = workbook.Sheets.ToList().FindIndex(s => s.Name == result.Sheet);
        if (index < 0)
        {
            return;
        }

        var row = new SheetRow();
        var widths = new List<double>();
        using (var scan = workbook.OpenSheet(index))
        {
            // Column widths come before the rows in the sheet XML: size them from the header.
            while (scan.Read(row) && row.Number <= (result.HeaderRow ?? 0))
            {
                if (row.Number == result.HeaderRow)
                {
                    widths.AddRange(Enumerable.Range(0, row.Width).Select(c => Math.Clamp(row[c].Display().Length + 2, 12d, 30d)));
                    widths.Add(80);
                }
            }
        }

        using var reader = workbook.OpenSheet(index);
        var errorsColumn = 0;
        using var sheet = book.AddSheet(result.Sheet!, new SheetOptions { RightToLeft = lang == Lang.Ar, FrozenRows = result.HeaderRow ?? 0, ColumnWidths = widths });
        while (reader.Read(row))
        {
            sheet.Row(row.Number);
            var isHeader = row.Number == result.HeaderRow;
            if (isHeader)
            {
                errorsColumn = row.Width;
            }
            for (var c = 0; c < row.Width; c++)
            {
                var cell = row[c];
                var faulty = byCell.TryGetValue((row.Number, c), out var errors);
                var style = isHeader ? XlsxStyle.Header : faulty ? XlsxStyle.Error : XlsxStyle.Default;
                switch (cell.Kind)
                {
                    case CellKind.Empty:
                        if (faulty)
                        {
                            sheet.Text(c, string.Empty, style);
                        }

                        break;
                    case CellKind.Number when cell.DateStyled:
                        sheet.Number(c, cell.Number, faulty ? XlsxStyle.ErrorDate : XlsxStyle.Date);
                        break;
                    case CellKind.Number:
                        sheet.Number(c, cell.Number, style);
                        break;
                    case CellKind.Boolean:
                        sheet.Boolean(c, cell.Number != 0, style);
                        break;
                    case CellKind.Date:
                        sheet.Date(c, DateOnly.FromDayNumber((int)cell.Number), faulty ? XlsxStyle.ErrorDate : XlsxStyle.Date);
                        break;
                    default:
                        sheet.Text(c, cell.Text, style);
                        break;
                }

                if (faulty)
                {
                    sheet.Comment(row.Number, c, string.Join("\n", errors!.Select(e => e.Message[lang])));
                }
            }

            if (isHeader)
            {
                sheet.Text(errorsColumn, messages.Get("template.rowErrorsColumn")[lang], XlsxStyle.Header);
            }
            else if (byRow.TryGetValue(row.Number, out var rowErrors))
            {
                sheet.Text(Math.Max(errorsColumn, row.Width), string.Join("\n", rowErrors.Select(e => e.Message[lang])), XlsxStyle.Error);
            }
        }
    }

    private void WriteErrors(XlsxWriter book, string fileName, ImportResult result, Lang lang)
    {
        using var sheet = book.AddSheet(messages.Get("template.errorsSheet")[lang], new SheetOptions
        {
            RightToLeft = lang == Lang.Ar,
            FrozenRows = 3,
            ColumnWidths = [14, 8, 24, 22, 22, 22, 90],
            TabColor = "C00000",
        });
        sheet.Row(1, 22).Text(0, Fill("template.errorsTitle", new() { ["file"] = ErrorFactory.Same(fileName) })[lang], XlsxStyle.Title);
        sheet.Row(2).Text(0, Fill("template.summary", new()
        {
            ["read"] = ErrorFactory.Same(result.RowsRead.ToString(CultureInfo.InvariantCulture)),
            ["accepted"] = ErrorFactory.Same(result.RowsAccepted.ToString(CultureInfo.InvariantCulture)),
            ["rejected"] = ErrorFactory.Same(result.RowsRejected.ToString(CultureInfo.InvariantCulture)),
            ["status"] = messages.Get("status." + result.Status),
        })[lang]);
        sheet.Row(3, 20);
        var headers = new[] { "kindHeader", "rowHeader", "columnHeader", "fieldHeader", "valueHeader", "codeHeader", "messageHeader" };
        for (var i = 0; i < headers.Length; i++)
        {
            sheet.Text(i, messages.Get("template." + headers[i])[lang], XlsxStyle.Header);
        }

        foreach (var e in result.Errors.Concat(result.Warnings))
        {
            var kind = e.IsWarning ? "template.kind.warning" : e.IsFileError ? "template.kind.file" : "template.kind.row";
            sheet.NextRow(SheetWriter.HeightFor([(e.Message[lang], 90d)]));
            sheet.Text(0, messages.Get(kind)[lang]);
            if (e.Row is { } r)
            {
                sheet.Number(1, r);
            }

            sheet.Text(2, e.Column).Text(3, e.Field).Text(4, e.Value).Text(5, e.Code).Text(6, e.Message[lang], XlsxStyle.Wrap);
        }
    }

    private LocalizedText Fill(string key, Dictionary<string, LocalizedText> args) => Messages.Format(messages.Get(key), args);
}
