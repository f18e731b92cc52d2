using System.Data.Common;
using Indicators.Submissions.Validation;

namespace Indicators.Storage;

/// <summary>
/// Stores a submission's errors and warnings through one prepared command; between
/// <see cref="BeginBulk"/> and <see cref="EndBulk"/>, on PostgreSQL, in one binary COPY instead
/// (a round trip each made 100,000 errors cost about 40 s).
/// </summary>
public sealed class ErrorWriter : IDisposable
{
    private const string Columns = "submission_id, severity, code, sheet, row_number, column_index, column_name, field, value, message_fr, message_ar, message_en";
    private readonly DbCommand command;
    private readonly DbParameter[] p;
    private readonly Npgsql.NpgsqlConnection? postgres;
    private readonly List<(long Submission, ImportError Error)> pending = [];
    private bool bulk;

    public ErrorWriter(DbConnection connection, DbTransaction transaction)
    {
        postgres = connection as Npgsql.NpgsqlConnection;
        command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO row_errors ({Columns})
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11)
            """;
        System.Data.DbType[] types = [System.Data.DbType.Int64, .. Enumerable.Repeat(System.Data.DbType.String, 3), System.Data.DbType.Int64, System.Data.DbType.Int64, .. Enumerable.Repeat(System.Data.DbType.String, 6)];
        p = Enumerable.Range(0, 12).Select(i =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i;
            parameter.DbType = types[i]; // typed, so the command can be prepared before any value is set
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        command.Prepare();
    }

    public void Insert(long submissionId, ImportError e)
    {
        if (bulk && postgres is not null)
        {
            pending.Add((submissionId, e));
            return;
        }

        p[0].Value = submissionId;
        p[1].Value = e.IsWarning ? "warning" : "error";
        p[2].Value = e.Code;
        p[3].Value = (object?)e.Sheet ?? DBNull.Value;
        p[4].Value = e.Row is { } row ? (long)row : DBNull.Value;
        p[5].Value = e.ColumnIndex is { } column ? (long)column : DBNull.Value;
        p[6].Value = (object?)e.Column ?? DBNull.Value;
        p[7].Value = (object?)e.Field ?? DBNull.Value;
        p[8].Value = (object?)e.Value ?? DBNull.Value;
        p[9].Value = e.Message.Fr;
        p[10].Value = e.Message.Ar;
        p[11].Value = e.Message.En;
        command.ExecuteNonQuery();
    }

    /// <summary>Gathers the errors inserted from now on; nothing else may use the connection until <see cref="EndBulk"/>.</summary>
    public void BeginBulk() => bulk = true;

    /// <summary>Writes the gathered errors (one COPY on PostgreSQL). Not called on a failure: the transaction is rolled back.</summary>
    public void EndBulk()
    {
        bulk = false;
        if (pending.Count == 0 || postgres is null)
        {
            return;
        }

        using (var importer = postgres.BeginBinaryImport($"COPY row_errors ({Columns}) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (submission, e) in pending)
            {
                importer.StartRow();
                importer.Write(submission, NpgsqlTypes.NpgsqlDbType.Bigint);
                importer.Write(e.IsWarning ? "warning" : "error", NpgsqlTypes.NpgsqlDbType.Text);
                importer.Write(e.Code, NpgsqlTypes.NpgsqlDbType.Text);
                Text(importer, e.Sheet);
                Number(importer, e.Row);
                Number(importer, e.ColumnIndex);
                Text(importer, e.Column);
                Text(importer, e.Field);
                Text(importer, e.Value);
                importer.Write(e.Message.Fr, NpgsqlTypes.NpgsqlDbType.Text);
                importer.Write(e.Message.Ar, NpgsqlTypes.NpgsqlDbType.Text);
                importer.Write(e.Message.En, NpgsqlTypes.NpgsqlDbType.Text);
            }

            importer.Complete();
        }

        pending.Clear();

        static void Text(Npgsql.NpgsqlBinaryImporter importer, string? value)
        {
            if (value is null)
            {
                importer.WriteNull();
            }
            else
            {
                importer.Write(value, NpgsqlTypes.NpgsqlDbType.Text);
            }
        }

        static void Number(Npgsql.NpgsqlBinaryImporter importer, int? value)
        {
            if (value is { } n)
            {
                importer.Write((long)n, NpgsqlTypes.NpgsqlDbType.Bigint);
            }
            else
            {
                importer.WriteNull();
            }
        }
    }

    public void Dispose() => command.Dispose();
}
