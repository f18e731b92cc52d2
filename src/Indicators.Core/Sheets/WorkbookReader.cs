namespace Indicators.Sheets;

public sealed record SheetInfo(string Name, bool Hidden);

/// <summary>A spreadsheet opened for streaming: its sheets, each read row by row, once.</summary>
public interface IWorkbookReader : IDisposable
{
    IReadOnlyList<SheetInfo> Sheets { get; }

    bool Date1904 { get; }

    ISheetReader OpenSheet(int index);
}

public interface ISheetReader : IDisposable
{
    /// <summary>Fills <paramref name="row"/> with the next row that has cells; false at the end.</summary>
    bool Read(SheetRow row);
}

/// <summary>Limits that keep a hostile file from exhausting memory or time.</summary>
public sealed record ReaderLimits
{
    public static readonly ReaderLimits Default = new();

    public int MaxColumns { get; init; } = 2048;

    /// <summary>Excel's own limit on a cell's text.</summary>
    public int MaxCellChars { get; init; } = 32_767;

    public int MaxRows { get; init; } = 1_048_576;

    public long MaxUncompressedBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Uncompressed/compressed size above which a zip entry is taken for a bomb (once past 16 MB).</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>
    /// The shared string table's estimated memory (two bytes a character, and 32 a string): it is
    /// held whole while the sheet is read. 128 MB is two unique strings of a dozen characters on each
    /// of a million rows.
    /// </summary>
    public long MaxSharedStringBytes { get; init; } = 128L * 1024 * 1024;
}

/// <summary>A file-level problem found while reading; its code names a message in messages.json.</summary>
public sealed class SheetFileException : Exception
{
    public SheetFileException(string code, IReadOnlyDictionary<string, string>? args = null, Exception? inner = null)
        : base(code + (args is { Count: > 0 } ? " " + string.Join(", ", args.Select(a => $"{a.Key}={a.Value}")) : string.Empty), inner)
    {
        Code = code;
        Args = args ?? new Dictionary<string, string>();
    }

    public string Code { get; }

    public IReadOnlyDictionary<string, string> Args { get; }
}
