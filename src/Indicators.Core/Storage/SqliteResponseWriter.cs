using System.Data.Common;
using System.Globalization;
using Indicators.Forms;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Indicators.Storage;

/// <summary>
/// Accepted rows into SQLite through its own statement API (prepare once, bind, step, reset):
/// the same INSERT as <see cref="ResponseWriter"/>, without ADO.NET's per-execution overhead.
/// Runs on the connection and inside the transaction it is given.
/// </summary>
public sealed class SqliteResponseWriter : IResponseWriter
{
    private readonly sqlite3_stmt statement;
    private readonly FormField[] columns;
    private readonly FormField[] extras;

    public SqliteResponseWriter(SqliteConnection connection, DbTransaction transaction, FormDefinition form)
    {
        var existing = ResponseWriter.TableColumns(connection, transaction, "responses");
        columns = form.Fields.Where(f => existing.Contains(f.Name)).ToArray();
        extras = form.Fields.Where(f => !existing.Contains(f.Name)).ToArray();
        var names = new List<string> { "submission_id", "row_number" };
        names.AddRange(columns.Select(f => f.Name));
        if (extras.Length > 0)
        {
            names.Add("extras");
        }

        var sql = $"INSERT INTO responses ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "?" + (i + 1).ToString(CultureInfo.InvariantCulture)))})";
        Check(connection.Handle!, raw.sqlite3_prepare_v2(connection.Handle, sql, out statement));
    }

    public void Insert(long submission, int row, ReadOnlySpan<FieldValue> values)
    {
        raw.sqlite3_bind_int64(statement, 1, submission);
        raw.sqlite3_bind_int64(statement, 2, row);
        var i = 3;
        Span<char> date = stackalloc char[10];
        foreach (var f in columns)
        {
            var v = values[f.Index];
            if (!v.HasValue)
            {
                raw.sqlite3_bind_null(statement, i++);
                continue;
            }

            switch (f.Type)
            {
                case FieldType.Date:
                    v.Date.TryFormat(date, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    raw.sqlite3_bind_text16(statement, i, date[..written]);
                    break;
                case FieldType.Integer or FieldType.YesNo:
                    raw.sqlite3_bind_int64(statement, i, (long)v.Number);
                    break;
                case FieldType.Decimal:
                    raw.sqlite3_bind_double(statement, i, v.Number);
                    break;
                default:
                    raw.sqlite3_bind_text16(statement, i, v.Text.AsSpan());
                    break;
            }

            i++;
        }

        if (extras.Length > 0)
        {
            raw.sqlite3_bind_text16(statement, i, ResponseWriter.ExtrasJson(extras, values).AsSpan());
        }

        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            throw new SqliteException($"insert into responses failed: {raw.sqlite3_errstr(rc).utf8_to_string()}", rc);
        }
    }

    public void Dispose() => statement.Dispose();

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(db).utf8_to_string(), rc);
        }
    }
}
