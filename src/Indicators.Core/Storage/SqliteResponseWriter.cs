using System.Data.Common;
using System.Globalization;
using Indicators.Forms;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Indicators.Storage;

/// <summary>
/// Accepted rows into SQLite through its own statement API (prepare once, bind, step, reset):
/// the same INSERT as <see cref="ResponseWriter"/>, without ADO.NET's per-execution overhead.
/// The binds are direct calls into the e_sqlite3 library SQLitePCL loaded, on the raw statement
/// pointer (a SafeHandle's bookkeeping per call costs more than the bind); codes, provinces and
/// countries, a few values per column, are bound from cached UTF-8 bytes that SQLite reads in place.
/// Runs on the connection and inside the transaction it is given.
/// </summary>
public sealed unsafe partial class SqliteResponseWriter : IResponseWriter
{
    /// <summary>Distinct texts of a column kept as UTF-8; a column with more (an identifier) is bound as it comes.</summary>
    private const int CachedTexts = 64;
    private static readonly IntPtr Transient = -1;
    private readonly sqlite3 db;
    private readonly sqlite3_stmt statement;
    private readonly IntPtr handle;
    private readonly FormField[] columns;
    private readonly FormField[] extras;
    private readonly Dictionary<string, byte[]>?[] texts;

    public SqliteResponseWriter(SqliteConnection connection, DbTransaction transaction, FormDefinition form)
    {
        var layout = ResponseColumns.Of(connection, transaction, form);
        (columns, extras) = (layout.Columns, layout.Extras);
        texts = columns.Select(f => f.Type is FieldType.Code or FieldType.Province or FieldType.Country ? new Dictionary<string, byte[]>(StringComparer.Ordinal) : null).ToArray();
        var names = layout.Names;
        var sql = $"INSERT INTO responses ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "?" + (i + 1).ToString(CultureInfo.InvariantCulture)))})";
        db = connection.Handle!;
        Check(db, raw.sqlite3_prepare_v2(db, sql, out statement));
        handle = statement.DangerousGetHandle();
    }

    /// <summary>Whether SQLitePCL runs on the e_sqlite3 library this writer calls into.</summary>
    public static bool Available => raw.GetNativeLibraryName() == "e_sqlite3";

    public void Insert(long submission, int row, ReadOnlySpan<FieldValue> values)
    {
        var rc = Native.sqlite3_bind_int64(handle, 1, submission) | Native.sqlite3_bind_int64(handle, 2, row);
        var i = 3;
        Span<byte> date = stackalloc byte[10];
        for (var c = 0; c < columns.Length; c++, i++)
        {
            var f = columns[c];
            var v = values[f.Index];
            if (!v.HasValue)
            {
                rc |= Native.sqlite3_bind_null(handle, i);
                continue;
            }

            switch (f.Type)
            {
                case FieldType.Date:
                    IsoDates.Write(v.Date, date);
                    fixed (byte* p = date)
                    {
                        rc |= Native.sqlite3_bind_text(handle, i, p, 10, Transient);
                    }

                    break;
                case FieldType.Integer or FieldType.YesNo:
                    rc |= Native.sqlite3_bind_int64(handle, i, (long)v.Number);
                    break;
                case FieldType.Decimal:
                    rc |= Native.sqlite3_bind_double(handle, i, v.Number);
                    break;
                default:
                    rc |= BindText(c, i, v.Text!);
                    break;
            }
        }

        if (extras.Length > 0)
        {
            rc |= BindText(-1, i, ResponseWriter.ExtrasJson(extras, values));
        }

        if (rc != raw.SQLITE_OK)
        {
            Native.sqlite3_reset(handle);
            throw new SqliteException($"insert into responses failed: {raw.sqlite3_errmsg(db).utf8_to_string()}", rc);
        }

        rc = Native.sqlite3_step(handle);
        Native.sqlite3_reset(handle);
        if (rc != raw.SQLITE_DONE)
        {
            throw new SqliteException($"insert into responses failed: {raw.sqlite3_errstr(rc).utf8_to_string()}", rc);
        }
    }

    public void Dispose() => statement.Dispose();

    private int BindText(int column, int index, string text)
    {
        if (column >= 0 && texts[column] is { } cache)
        {
            if (!cache.TryGetValue(text, out var bytes) && cache.Count < CachedTexts)
            {
                // Pinned, and kept as long as the writer: SQLite reads them in place at each step.
                bytes = GC.AllocateArray<byte>(Encoding.UTF8.GetByteCount(text), pinned: true);
                Encoding.UTF8.GetBytes(text, bytes);
                cache[text] = bytes;
            }

            if (bytes is not null)
            {
                fixed (byte* p = bytes)
                {
                    return Native.sqlite3_bind_text(handle, index, p, bytes.Length, IntPtr.Zero);
                }
            }
        }

        fixed (char* p = text)
        {
            return Native.sqlite3_bind_text16(handle, index, p, text.Length * 2, Transient);
        }
    }

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
        public static partial int sqlite3_bind_int64(IntPtr statement, int index, long value);

        [LibraryImport("e_sqlite3")]
        [SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_bind_double(IntPtr statement, int index, double value);

        [LibraryImport("e_sqlite3")]
        [SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_bind_null(IntPtr statement, int index);

        [LibraryImport("e_sqlite3")]
        [SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_bind_text(IntPtr statement, int index, byte* text, int bytes, IntPtr destructor);

        [LibraryImport("e_sqlite3")]
        [SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_bind_text16(IntPtr statement, int index, char* text, int bytes, IntPtr destructor);

        // Not without the GC transition: a step writes pages and may wait on I/O.
        [LibraryImport("e_sqlite3")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_step(IntPtr statement);

        [LibraryImport("e_sqlite3")]
        [SuppressGCTransition]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int sqlite3_reset(IntPtr statement);
    }
}
