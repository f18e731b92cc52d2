using System.Data.Common;
using Dapper;
using Indicators.Accounts;
using Indicators.Storage;
using Indicators.Submissions;

namespace Indicators.Web.Portal;

/// <summary>Filters of the submissions list; null means any.</summary>
public sealed record SubmissionFilter(string? Region = null, string? Quarter = null, string? Status = null);

/// <summary>Filters of a submission's errors; null means any. <see cref="Text"/> looks in values, columns, fields, codes and messages.</summary>
public sealed record ErrorFilter(string? Text = null, string? Field = null, string? Code = null, string? Severity = null);

/// <summary>One stored error or warning of a submission.</summary>
public sealed record ErrorRow
{
    public long Id { get; init; }

    public string Severity { get; init; } = string.Empty;

    public string Code { get; init; } = string.Empty;

    public string? Sheet { get; init; }

    public int? RowNumber { get; init; }

    public string? ColumnName { get; init; }

    public string? Field { get; init; }

    public string? Value { get; init; }

    public string Fr { get; init; } = string.Empty;

    public string Ar { get; init; } = string.Empty;

    public string En { get; init; } = string.Empty;

    public LocalizedText Message => new(Fr, Ar, En);
}

/// <summary>Where a submission came from and what it replaced.</summary>
public sealed record SubmissionOrigin(string Source, string? UploaderName, string? UploaderEmail, long? Supersedes);

/// <summary>
/// The submissions an account may look at, as the pages and the API show them: an observatory its
/// own region's, an administrator every one; planners none (they read packs and the dashboard).
/// Another region's submission is simply not found.
/// </summary>
public sealed class VisibleSubmissions(DbConnection connection, UserAccount account)
{
    private const string Columns = SubmissionStore.Columns;

    private const string ErrorColumns = """
        id, severity, code, sheet, row_number AS RowNumber, column_name AS ColumnName, field, value,
        message_fr AS Fr, message_ar AS Ar, message_en AS En
        """;

    public static readonly IReadOnlyList<string> Statuses =
        [SubmissionStatus.Pending, SubmissionStatus.Accepted, SubmissionStatus.AcceptedWithErrors, SubmissionStatus.Rejected, SubmissionStatus.Duplicate];

    /// <summary>Whether the account may list submissions at all (planners may not).</summary>
    public static bool MayList(UserAccount user) => user.IsAdmin || user.Role == Roles.Observatory;

    /// <summary>The one region the account is held to, or null for an administrator.</summary>
    private string? Scope => account.IsAdmin ? null : account.RegionCode;

    public Submission? Find(long id)
    {
        if (!MayList(account))
        {
            return null;
        }

        var s = connection.QueryFirstOrDefault<Submission>($"SELECT {Columns} FROM submissions WHERE id = @id", new { id });
        return s is not null && account.CanSee(s.RegionCode) ? s : null;
    }

    /// <summary>A page of the submissions matching <paramref name="filter"/>, newest first, and how many match in all.</summary>
    public (IReadOnlyList<Submission> Rows, int Total) Search(SubmissionFilter filter, int offset, int limit)
    {
        if (!MayList(account))
        {
            return ([], 0);
        }

        var region = Scope ?? filter.Region;
        const string where = """
            WHERE (@region IS NULL OR region_code = @region) AND (@quarter IS NULL OR quarter = @quarter) AND (@status IS NULL OR status = @status)
            """;
        var args = new { region, quarter = filter.Quarter, status = filter.Status, offset, limit };
        var rows = connection.Query<Submission>($"SELECT {Columns} FROM submissions {where} ORDER BY id DESC LIMIT @limit OFFSET @offset", args).AsList();
        var total = connection.ExecuteScalar<int>($"SELECT COUNT(*) FROM submissions {where}", args);
        return (rows, total);
    }

    /// <summary>The quarters that have submissions the account may see, newest first.</summary>
    public IReadOnlyList<string> Quarters() => MayList(account)
        ? connection.Query<string>("SELECT DISTINCT quarter FROM submissions WHERE @region IS NULL OR region_code = @region ORDER BY quarter DESC", new { region = Scope }).AsList()
        : [];

    /// <summary>Those of <paramref name="ids"/> the account may see (others are left out, as if absent).</summary>
    public IReadOnlyList<Submission> ByIds(IReadOnlyCollection<long> ids) => MayList(account) && ids.Count > 0
        ? connection.Query<Submission>($"SELECT {Columns} FROM submissions WHERE id {(connection is Npgsql.NpgsqlConnection ? "= ANY(@ids)" : "IN @ids")} ORDER BY id DESC", new { ids = ids.ToArray() })
            .Where(s => account.CanSee(s.RegionCode)).ToList()
        : [];

    /// <summary>Who sent a visible submission, by which way, and the submission it superseded.</summary>
    public SubmissionOrigin Origin(Submission s) => connection.QueryFirst<SubmissionOrigin>(
        """
        SELECT s.source AS Source, u.display_name AS UploaderName, u.email AS UploaderEmail,
            (SELECT o.id FROM submissions o WHERE o.superseded_by = s.id) AS Supersedes
        FROM submissions s LEFT JOIN users u ON u.id = s.uploaded_by WHERE s.id = @id
        """,
        new { id = s.Id });

    /// <summary>A page of a visible submission's errors and warnings (file errors first, then by row), and how many match.</summary>
    public (IReadOnlyList<ErrorRow> Rows, int Total) Errors(Submission s, ErrorFilter filter, Lang lang, int offset, int limit)
    {
        // The message column is picked from a closed list, never from the request.
        var message = lang switch { Lang.Ar => "message_ar", Lang.En => "message_en", _ => "message_fr" };
        var where = $"""
            WHERE submission_id = @id AND (@field IS NULL OR field = @field) AND (@code IS NULL OR code = @code)
                AND (@severity IS NULL OR severity = @severity)
                AND (@text IS NULL OR LOWER(COALESCE(value, '')) LIKE @text ESCAPE '\' OR LOWER(COALESCE(column_name, '')) LIKE @text ESCAPE '\'
                    OR LOWER(COALESCE(field, '')) LIKE @text ESCAPE '\' OR LOWER(code) LIKE @text ESCAPE '\' OR LOWER({message}) LIKE @text ESCAPE '\')
            """;
        var args = new { id = s.Id, field = filter.Field, code = filter.Code, severity = filter.Severity, text = Like(filter.Text), offset, limit };
        var rows = connection.Query<ErrorRow>(
            $"SELECT {ErrorColumns} FROM row_errors {where} ORDER BY CASE WHEN row_number IS NULL THEN 0 ELSE 1 END, row_number, id LIMIT @limit OFFSET @offset", args).AsList();
        var total = connection.ExecuteScalar<int>($"SELECT COUNT(*) FROM row_errors {where}", args);
        return (rows, total);
    }

    /// <summary>The fields and codes a visible submission's errors use, for the filters.</summary>
    public (IReadOnlyList<string> Fields, IReadOnlyList<string> Codes) ErrorChoices(Submission s) => (
        connection.Query<string>("SELECT DISTINCT field FROM row_errors WHERE submission_id = @id AND field IS NOT NULL ORDER BY field", new { id = s.Id }).AsList(),
        connection.Query<string>("SELECT DISTINCT code FROM row_errors WHERE submission_id = @id ORDER BY code", new { id = s.Id }).AsList());

    /// <summary>Every error and warning of a visible submission, read as they are consumed.</summary>
    public IEnumerable<ErrorRow> AllErrors(Submission s) => connection.Query<ErrorRow>(
        $"SELECT {ErrorColumns} FROM row_errors WHERE submission_id = @id ORDER BY CASE WHEN row_number IS NULL THEN 0 ELSE 1 END, row_number, id",
        new { id = s.Id },
        buffered: false);

    private static string? Like(string? text) => string.IsNullOrWhiteSpace(text)
        ? null
        : "%" + text.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
}
