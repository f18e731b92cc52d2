using System.Data.Common;
using System.Globalization;
using Dapper;
using Indicators.Submissions;

namespace Indicators.Storage;

/// <summary>Reads and writes submission records (Dapper, inline SQL).</summary>
public sealed class SubmissionStore(DbConnection connection, DbTransaction? transaction = null)
{
    /// <summary>The columns of <c>submissions</c> as <see cref="Submission"/> reads them (for queries elsewhere).</summary>
    public const string Columns = """
        id, region_code AS RegionCode, quarter, batch_label AS BatchLabel, file_name AS FileName, sha256,
        size_bytes AS SizeBytes, status, is_active AS IsActive, superseded_by AS SupersededBy,
        duplicate_of AS DuplicateOf, sheet_name AS SheetName, rows_read AS RowsRead,
        rows_accepted AS RowsAccepted, rows_rejected AS RowsRejected, created_at AS CreatedAt, completed_at AS CompletedAt
        """;

    public void SaveFile(StoredFile file, DateTimeOffset now) => connection.Execute(
        "INSERT INTO stored_files (sha256, size_bytes, path, created_at) VALUES (@Sha256, @Size, @Path, @at) ON CONFLICT (sha256) DO NOTHING",
        new { file.Sha256, file.Size, file.Path, at = Iso(now) },
        transaction);

    public long CreatePending(string region, string quarter, string batch, string fileName, StoredFile file, string formId, int formVersion, string source, DateTimeOffset now, long? uploadedBy = null) =>
        connection.ExecuteScalar<long>(
            """
            INSERT INTO submissions (region_code, quarter, batch_label, file_name, sha256, size_bytes, form_id, form_version, status, source, created_at, uploaded_by)
            VALUES (@region, @quarter, @batch, @fileName, @sha, @size, @formId, @formVersion, 'pending', @source, @at, @uploadedBy)
            RETURNING id
            """,
            new { region, quarter, batch, fileName, sha = file.Sha256, size = file.Size, formId, formVersion, source, at = Iso(now), uploadedBy },
            transaction);

    public Submission? FindActiveBySha(string region, string quarter, string sha) => connection.QueryFirstOrDefault<Submission>(
        $"SELECT {Columns} FROM submissions WHERE region_code = @region AND quarter = @quarter AND sha256 = @sha AND is_active = 1",
        new { region, quarter, sha },
        transaction);

    public Submission? FindActiveByBatch(string region, string quarter, string batch) => connection.QueryFirstOrDefault<Submission>(
        $"SELECT {Columns} FROM submissions WHERE region_code = @region AND quarter = @quarter AND batch_label = @batch AND is_active = 1",
        new { region, quarter, batch },
        transaction);

    public Submission? Get(long id) => connection.QueryFirstOrDefault<Submission>(
        $"SELECT {Columns} FROM submissions WHERE id = @id", new { id }, transaction);

    public IReadOnlyList<Submission> List(string? region = null, string? quarter = null) => connection.Query<Submission>(
        $"""
        SELECT {Columns} FROM submissions
        WHERE (@region IS NULL OR region_code = @region) AND (@quarter IS NULL OR quarter = @quarter)
        ORDER BY id
        """,
        new { region, quarter },
        transaction).AsList();

    /// <summary>Respondent ids of the active submissions of a region and quarter, but the one about to be superseded.</summary>
    public IEnumerable<(string RespondentId, long SubmissionId)> ActiveRespondents(string region, string quarter, long? except)
    {
        // Read with a plain data reader: an import reads every respondent of its region and quarter,
        // and Dapper's tuple mapping cost more per row than SQLite's reading.
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT r.respondent_id, r.submission_id FROM responses r JOIN submissions s ON s.id = r.submission_id
            WHERE s.region_code = @region AND s.quarter = @quarter AND s.is_active = 1 AND s.id <> @except
            """;
        command.AddParameter("@region", region);
        command.AddParameter("@quarter", quarter);
        command.AddParameter("@except", except ?? -1);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return (reader.GetString(0), reader.GetInt64(1));
        }
    }

    /// <summary>How many rows the active submissions of a region and quarter hold, <paramref name="except"/> aside.</summary>
    public int ActiveRows(string region, string quarter, long? except) =>
        connection.ExecuteScalar<int>(
            "SELECT COALESCE(SUM(rows_accepted), 0) FROM submissions WHERE region_code = @region AND quarter = @quarter AND is_active = 1 AND id <> @except",
            new { region, quarter, except = except ?? -1 },
            transaction);

    public void Complete(long id, string status, string? sheet, int? headerRow, int read, int accepted, int rejected, long? duplicateOf, DateTimeOffset now) =>
        connection.Execute(
            """
            UPDATE submissions SET status = @status, sheet_name = @sheet, header_row = @headerRow, rows_read = @read,
                rows_accepted = @accepted, rows_rejected = @rejected, duplicate_of = @duplicateOf, completed_at = @at
            WHERE id = @id
            """,
            new { id, status, sheet, headerRow, read, accepted, rejected, duplicateOf, at = Iso(now) },
            transaction);

    /// <summary>Makes <paramref name="id"/> the active submission of its batch, retiring <paramref name="previous"/>.</summary>
    public void Activate(long id, long? previous)
    {
        if (previous is { } old)
        {
            connection.Execute("UPDATE submissions SET is_active = 0, superseded_by = @id WHERE id = @old", new { id, old }, transaction);
        }

        connection.Execute("UPDATE submissions SET is_active = 1 WHERE id = @id", new { id }, transaction);
    }

    public void DeleteResponses(long id) =>
        connection.Execute("DELETE FROM response_blocks WHERE submission_id = @id; DELETE FROM responses WHERE submission_id = @id", new { id }, transaction);

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
