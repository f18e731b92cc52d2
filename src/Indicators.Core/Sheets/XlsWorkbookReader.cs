using System.Globalization;
using System.Text;
using ExcelDataReader;
using ExcelDataReader.Exceptions;

namespace Indicators.Sheets;

/// <summary>Legacy .xls (BIFF) through ExcelDataReader; it reads sheets in order, so each open rewinds.</summary>
public sealed class XlsWorkbookReader : IWorkbookReader
{
    private readonly IExcelDataReader reader;
    private readonly ReaderLimits limits;
    private readonly List<SheetInfo> sheets = [];

    public XlsWorkbookReader(Stream stream, ReaderLimits? limits = null)
    {
        CodePages.Ensure();
        this.limits = limits ?? ReaderLimits.Default;
        try
        {
            reader = ExcelReaderFactory.CreateBinaryReader(stream, new ExcelReaderConfiguration { LeaveOpen = false });
            do
            {
                sheets.Add(new SheetInfo(reader.Name ?? $"Sheet{sheets.Count + 1}", reader.VisibleState is "hidden" or "veryhidden"));
            }
            while (reader.NextResult());
        }
        catch (Exception e) when (e is InvalidPasswordException)
        {
            throw new SheetFileException("encrypted", null, e);
        }
        catch (Exception e) when (e is not SheetFileException and not OutOfMemoryException)
        {
            throw new SheetFileException("unreadable", new Dictionary<string, string> { ["detail"] = "xls: " + e.Message }, e);
        }
    }

    public IReadOnlyList<SheetInfo> Sheets => sheets;

    public bool Date1904 => false;

    public ISheetReader OpenSheet(int index)
    {
        reader.Reset();
        for (var i = 0; i < index; i++)
        {
            reader.NextResult();
        }

        return new XlsSheetReader(reader, sheets[index].Name, limits);
    }

    public void Dispose() => reader.Dispose();

    private sealed class XlsSheetReader(IExcelDataReader reader, string name, ReaderLimits limits) : ISheetReader
    {
        private int rowNumber;

        public bool Read(SheetRow row)
        {
            try
            {
                while (reader.Read())
                {
                    rowNumber++;
                    if (reader.FieldCount > limits.MaxColumns)
                    {
                        throw new SheetFileException("too_many_columns", new Dictionary<string, string>
                        {
                            ["sheet"] = name,
                            ["row"] = rowNumber.ToString(CultureInfo.InvariantCulture),
                            ["max"] = limits.MaxColumns.ToString(CultureInfo.InvariantCulture),
                        });
                    }

                    row.Clear();
                    row.Number = rowNumber;
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        var cell = reader.GetValue(i) switch
                        {
                            null => Cell.Empty,
                            string s when s.Length > limits.MaxCellChars => throw new SheetFileException("cell_too_long", new Dictionary<string, string>
                            {
                                ["sheet"] = name,
                                ["row"] = rowNumber.ToString(CultureInfo.InvariantCulture),
                                ["max"] = limits.MaxCellChars.ToString(CultureInfo.InvariantCulture),
                            }),
                            string s when s.TrimEnd('\0').Contains('\0', StringComparison.Ordinal) => throw new SheetFileException("unreadable", new Dictionary<string, string>
                            {
                                ["detail"] = $"xls sheet '{name}', row {rowNumber.ToString(CultureInfo.InvariantCulture)}: a NUL character",
                            }),
                            string s => Cell.OfText(s.TrimEnd('\0')),
                            double d => Cell.OfNumber(d),
                            int n => Cell.OfNumber(n),
                            bool b => new Cell(CellKind.Boolean, null, b ? 1 : 0),
                            DateTime dt => Cell.OfDate(DateOnly.FromDateTime(dt)),
                            var other => Cell.OfText(Convert.ToString(other, CultureInfo.InvariantCulture) ?? string.Empty),
                        };
                        if (cell.Kind != CellKind.Empty)
                        {
                            row.Set(i, cell);
                        }
                    }

                    if (row.Width > 0)
                    {
                        return true;
                    }
                }

                return false;
            }
            catch (Exception e) when (e is not SheetFileException and not OutOfMemoryException)
            {
                throw new SheetFileException("unreadable", new Dictionary<string, string> { ["detail"] = $"xls row {rowNumber + 1}: {e.Message}" }, e);
            }
        }

        public void Dispose()
        {
        }
    }
}
