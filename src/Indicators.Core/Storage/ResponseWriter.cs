using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Indicators.Forms;

namespace Indicators.Storage;

/// <summary>
/// Bulk insert of accepted rows: one prepared command, reused for every row. Each form field goes
/// to the column of its name; a field without a column (a question added to the form before its
/// migration) goes into the <c>extras</c> JSON object, so a new question needs no code.
/// </summary>
public sealed class ResponseWriter : IResponseWriter
{
    /// <summary>The fastest writer for the connection: SQLite's own statement API, or a prepared command.</summary>
    public static IResponseWriter Create(DbConnection connection, DbTransaction transaction, FormDefinition form) => connection switch
    {
        Microsoft.Data.Sqlite.SqliteConnection sqlite when SqliteResponseWriter.Available => new SqliteResponseWriter(sqlite, transaction, form),
        Npgsql.NpgsqlConnection pg => new PostgresResponseWriter(pg, transaction, form),
        _ => new ResponseWriter(connection, transaction, form),
    };

    private readonly DbCommand command;
    private readonly (FormField Field, DbParameter Parameter)[] columns;
    private readonly FormField[] extras;
    private readonly DbParameter submissionId;
    private readonly DbParameter rowNumber;
    private readonly DbParameter? extrasParameter;

    public ResponseWriter(DbConnection connection, DbTransaction transaction, FormDefinition form)
    {
        var layout = ResponseColumns.Of(connection, transaction, form);
        extras = layout.Extras;
        command = connection.CreateCommand();
        command.Transaction = transaction;
        var names = layout.Names;
        command.CommandText = $"INSERT INTO responses ({string.Join(", ", names)}) VALUES ({string.Join(", ", names.Select((_, i) => "$p" + i))})";
        var parameters = names.Select((_, i) =>
        {
            var p = command.CreateParameter();
            p.ParameterName = "$p" + i;
            command.Parameters.Add(p);
            return p;
        }).ToList();
        submissionId = parameters[0];
        rowNumber = parameters[1];
        columns = layout.Columns.Select((f, i) => (f, parameters[i + 2])).ToArray();
        extrasParameter = extras.Length > 0 ? parameters[^1] : null;
        command.Prepare();
    }

    public void Insert(long submission, int row, ReadOnlySpan<FieldValue> values)
    {
        submissionId.Value = submission;
        rowNumber.Value = row;
        foreach (var (field, parameter) in columns)
        {
            parameter.Value = ToDb(field, values[field.Index]);
        }

        if (extrasParameter is not null)
        {
            extrasParameter.Value = ExtrasJson(values);
        }

        command.ExecuteNonQuery();
    }

    public void Dispose() => command.Dispose();

    public static object ToDb(FormField field, FieldValue v)
    {
        if (!v.HasValue)
        {
            return DBNull.Value;
        }

        return field.Type switch
        {
            FieldType.Date => v.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            FieldType.Integer or FieldType.YesNo => (long)v.Number,
            FieldType.Decimal => v.Number,
            _ => v.Text!,
        };
    }

    internal static HashSet<string> TableColumns(DbConnection connection, DbTransaction? transaction, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = connection is Npgsql.NpgsqlConnection
            ? $"SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{table}'"
            : $"SELECT name FROM pragma_table_info('{table}')";
        using var reader = cmd.ExecuteReader();
        var result = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private object ExtrasJson(ReadOnlySpan<FieldValue> values) => ExtrasJson(extras, values);

    internal static string ExtrasJson(FormField[] extras, ReadOnlySpan<FieldValue> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var f in extras)
            {
                switch (ToDb(f, values[f.Index]))
                {
                    case DBNull:
                        json.WriteNull(f.Name);
                        break;
                    case long l:
                        json.WriteNumber(f.Name, l);
                        break;
                    case double d:
                        json.WriteNumber(f.Name, d);
                        break;
                    case var other:
                        json.WriteString(f.Name, other.ToString());
                        break;
                }
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}

public interface IResponseWriter : IDisposable
{
    void Insert(long submission, int row, ReadOnlySpan<FieldValue> values);

    /// <summary>Ends any bulk operation holding the connection, before other statements run on it.</summary>
    void Flush()
    {
    }
}

/// <summary>
/// Where a form's fields go in <c>responses</c>, as every writer inserts them: the fields that have
/// a column, those that do not yet (into the <c>extras</c> JSON), and the insert's column names in
/// order (submission and row first, <c>extras</c> last when there are any).
/// </summary>
internal sealed record ResponseColumns(FormField[] Columns, FormField[] Extras, IReadOnlyList<string> Names)
{
    public static ResponseColumns Of(DbConnection connection, DbTransaction? transaction, FormDefinition form)
    {
        var existing = ResponseWriter.TableColumns(connection, transaction, "responses");
        var columns = form.Fields.Where(f => existing.Contains(f.Name)).ToArray();
        var extras = form.Fields.Where(f => !existing.Contains(f.Name)).ToArray();
        string[] names = ["submission_id", "row_number", .. columns.Select(f => f.Name), .. extras.Length > 0 ? ["extras"] : Array.Empty<string>()];
        return new ResponseColumns(columns, extras, names);
    }
}
