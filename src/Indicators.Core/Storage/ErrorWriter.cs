using System.Data.Common;
using Indicators.Submissions.Validation;

namespace Indicators.Storage;

/// <summary>Stores a submission's errors and warnings through one prepared command.</summary>
public sealed class ErrorWriter : IDisposable
{
    private readonly DbCommand command;
    private readonly DbParameter[] p;

    public ErrorWriter(DbConnection connection, DbTransaction transaction)
    {
        command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO row_errors (submission_id, severity, code, sheet, row_number, column_index, column_name, field, value, message_fr, message_ar, message_en)
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

    public void Dispose() => command.Dispose();
}
