using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Indicators.Storage;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Indicators.Statistics;

/// <summary>
/// The rows an indicator computation reads, as numbers: numeric cells as their value, text cells
/// (codes, provinces, the region) as the index of the text in <see cref="Texts"/> for that column,
/// NaN for a blank. Numbers are selected as <c>coalesce(x, NullNumber)</c>, so a cell costs one read.
/// </summary>
public abstract class RowSource : IDisposable
{
    public const double NullNumber = -1e308;
    private const int LinearScanLimit = 16;
    private readonly List<byte[]>[] bytes;
    private readonly Dictionary<string, int>?[] many;

    protected RowSource(bool[] isText)
    {
        IsText = isText;
        Texts = isText.Select(_ => new List<string>()).ToArray();
        bytes = isText.Select(_ => new List<byte[]>()).ToArray();
        many = new Dictionary<string, int>?[isText.Length];
    }

    public bool[] IsText { get; }

    /// <summary>Per column, the distinct texts met so far; a text cell's value is its index here.</summary>
    public List<string>[] Texts { get; }

    /// <summary>Reads the next row into <paramref name="row"/>; false at the end.</summary>
    public abstract bool Next(double[] row);

    public abstract void Dispose();

    public static RowSource Open(DbConnection connection, string sql, object parameter, bool[] isText) =>
        connection is SqliteConnection sqlite && raw.GetNativeLibraryName() == "e_sqlite3"
            ? new SqliteRowSource(sqlite, sql, parameter, isText)
            : new AdoRowSource(connection, sql, parameter, isText);

    protected static double Clean(double d) => d == NullNumber ? double.NaN : d;

    /// <summary>The index of a text (UTF-8) in its column: a byte comparison against the few codes seen so far.</summary>
    protected int IndexOf(int column, ReadOnlySpan<byte> text)
    {
        if (many[column] is { } lookup)
        {
            return IndexOf(column, Encoding.UTF8.GetString(text));
        }

        var known = bytes[column];
        for (var k = 0; k < known.Count; k++)
        {
            if (text.SequenceEqual(known[k]))
            {
                return k;
            }
        }

        known.Add(text.ToArray());
        Texts[column].Add(Encoding.UTF8.GetString(text));
        if (known.Count >= LinearScanLimit)
        {
            // A column with many distinct texts (a commune, a nationality): look them up by string.
            many[column] = Texts[column].Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        }

        return known.Count - 1;
    }

    protected int IndexOf(int column, string text)
    {
        var lookup = many[column] ??= Texts[column].Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        if (!lookup.TryGetValue(text, out var index))
        {
            index = lookup[text] = Texts[column].Count;
            Texts[column].Add(text);
        }

        return index;
    }
}

/// <summary>Any ADO.NET provider.</summary>
public sealed class AdoRowSource : RowSource
{
    private readonly DbCommand command;
    private readonly DbDataReader reader;

    public AdoRowSource(DbConnection connection, string sql, object parameter, bool[] isText)
        : base(isText)
    {
        command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@q", parameter);
        reader = command.ExecuteReader();
    }

    public override bool Next(double[] row)
    {
        if (!reader.Read())
        {
            return false;
        }

        for (var i = 0; i < row.Length; i++)
        {
            row[i] = reader.IsDBNull(i) ? double.NaN
                : IsText[i] ? IndexOf(i, reader.GetString(i))
                : Clean(Convert.ToDouble(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture));
        }

        return true;
    }

    public override void Dispose()
    {
        reader.Dispose();
        command.Dispose();
    }
}

/// <summary>
/// SQLite: the statement is prepared through SQLitePCL, and its cells are read by direct calls
/// into the same e_sqlite3 library with the raw statement pointer, which skips the per-call
/// SafeHandle bookkeeping that otherwise costs more than SQLite's own work.
/// </summary>
public sealed unsafe partial class SqliteRowSource : RowSource
{
    private readonly sqlite3_stmt statement;
    private readonly IntPtr handle;

    public SqliteRowSource(SqliteConnection connection, string sql, object parameter, bool[] isText)
        : base(isText)
    {
        var db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, sql.Replace("@q", "?1", StringComparison.Ordinal), out statement));
        Check(db, parameter is long id ? raw.sqlite3_bind_int64(statement, 1, id) : raw.sqlite3_bind_text(statement, 1, Convert.ToString(parameter, System.Globalization.CultureInfo.InvariantCulture)));
        handle = statement.DangerousGetHandle();
    }

    public override bool Next(double[] row)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_DONE)
        {
            return false;
        }

        if (rc != raw.SQLITE_ROW)
        {
            throw new SqliteException($"SQLite error {rc} while reading rows.", rc);
        }

        for (var i = 0; i < row.Length; i++)
        {
            if (IsText[i])
            {
                var p = Native.sqlite3_column_blob(handle, i);
                row[i] = p == null ? double.NaN : IndexOf(i, new ReadOnlySpan<byte>(p, Native.sqlite3_column_bytes(handle, i)));
            }
            else
            {
                row[i] = Clean(Native.sqlite3_column_double(handle, i));
            }
        }

        return true;
    }

    public override void Dispose() => statement.Dispose();

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
    }

    private static partial class Native
    {
        [LibraryImport("e_sqlite3")]
        [SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial double sqlite3_column_double(IntPtr statement, int column);

        [LibraryImport("e_sqlite3")]
        [SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial byte* sqlite3_column_blob(IntPtr statement, int column);

        [LibraryImport("e_sqlite3")]
        [SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_column_bytes(IntPtr statement, int column);
    }
}
