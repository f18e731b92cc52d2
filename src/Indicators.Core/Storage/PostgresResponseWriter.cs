using System.Globalization;
using Indicators.Forms;
using Npgsql;
using NpgsqlTypes;

namespace Indicators.Storage;

/// <summary>
/// Accepted rows into PostgreSQL by binary COPY, the fastest way in. A COPY holds the connection,
/// so rows go in one COPY per batch and <see cref="Flush"/> ends it before the batch's errors are
/// written. Runs on the connection and inside the transaction it is given.
/// </summary>
public sealed class PostgresResponseWriter : IResponseWriter
{
    private readonly NpgsqlConnection connection;
    private readonly string copy;
    private readonly FormField[] columns;
    private readonly FormField[] extras;
    private NpgsqlBinaryImporter? importer;

    public PostgresResponseWriter(NpgsqlConnection connection, System.Data.Common.DbTransaction transaction, FormDefinition form)
    {
        this.connection = connection;
        var existing = ResponseWriter.TableColumns(connection, transaction, "responses");
        columns = form.Fields.Where(f => existing.Contains(f.Name)).ToArray();
        extras = form.Fields.Where(f => !existing.Contains(f.Name)).ToArray();
        var names = new List<string> { "submission_id", "row_number" };
        names.AddRange(columns.Select(f => f.Name));
        if (extras.Length > 0)
        {
            names.Add("extras");
        }

        copy = $"COPY responses ({string.Join(", ", names)}) FROM STDIN (FORMAT BINARY)";
    }

    public void Insert(long submission, int row, ReadOnlySpan<FieldValue> values)
    {
        importer ??= connection.BeginBinaryImport(copy);
        importer.StartRow();
        importer.Write(submission, NpgsqlDbType.Bigint);
        importer.Write((long)row, NpgsqlDbType.Bigint);
        foreach (var f in columns)
        {
            var v = values[f.Index];
            if (!v.HasValue)
            {
                importer.WriteNull();
                continue;
            }

            switch (f.Type)
            {
                case FieldType.Date:
                    importer.Write(v.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), NpgsqlDbType.Text);
                    break;
                case FieldType.Integer or FieldType.YesNo:
                    importer.Write((long)v.Number, NpgsqlDbType.Bigint);
                    break;
                case FieldType.Decimal:
                    importer.Write(v.Number, NpgsqlDbType.Double);
                    break;
                default:
                    importer.Write(v.Text!, NpgsqlDbType.Text);
                    break;
            }
        }

        if (extras.Length > 0)
        {
            importer.Write(ResponseWriter.ExtrasJson(extras, values), NpgsqlDbType.Text);
        }
    }

    public void Flush()
    {
        if (importer is not null)
        {
            importer.Complete();
            importer.Dispose();
            importer = null;
        }
    }

    /// <summary>Cancels a COPY still open (a failure on the way): only <see cref="Flush"/> completes one.</summary>
    public void Dispose()
    {
        importer?.Dispose();
        importer = null;
    }
}
