namespace Indicators.Sheets;

/// <summary>A row being read; readers reuse one instance, so copy what must outlive the next read.</summary>
public sealed class SheetRow
{
    private Cell[] cells = new Cell[64];

    /// <summary>The row number the spreadsheet shows (for CSV, the line number where the record starts).</summary>
    public int Number { get; set; }

    /// <summary>One past the highest column index that holds a cell.</summary>
    public int Width { get; private set; }

    /// <summary>How many cells it holds room for.</summary>
    public int Capacity => cells.Length;

    public Cell this[int column] => column < Width ? cells[column] : Cell.Empty;

    public void Clear()
    {
        Array.Clear(cells, 0, Width);
        Width = 0;
    }

    public void Set(int column, Cell cell)
    {
        if (column >= cells.Length)
        {
            Array.Resize(ref cells, Math.Max(column + 1, cells.Length * 2));
        }

        cells[column] = cell;
        if (column >= Width)
        {
            Width = column + 1;
        }
    }

    public bool IsBlank()
    {
        for (var i = 0; i < Width; i++)
        {
            if (!cells[i].IsBlank)
            {
                return false;
            }
        }

        return true;
    }

    public SheetRow Copy()
    {
        var copy = new SheetRow { Number = Number };
        for (var i = 0; i < Width; i++)
        {
            copy.Set(i, cells[i]);
        }

        return copy;
    }
}
