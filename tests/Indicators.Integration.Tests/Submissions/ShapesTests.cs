using Dapper;
using Indicators.Submissions;

namespace Indicators.Tests.Submissions;

/// <summary>tests/TestData/shapes: every language, encoding and workbook shape reads into the same typed rows.</summary>
public sealed class ShapesTests : IDisposable
{
    private readonly TestWorkspace work = new();

    [Theory]
    [InlineData("labels_fr.csv", 3)]
    [InlineData("labels_ar.csv", 2)]
    [InlineData("labels_en.csv", 2)]
    [InlineData("kobo_headers.csv", 1)]
    [InlineData("utf8_bom_semicolon.csv", 2)]
    [InlineData("windows1256_semicolon.csv", 2)]
    [InlineData("inline_strings_title_rows.xlsx", 3)]
    [InlineData("shared_strings_excel.xlsx", 2)]
    [InlineData("date1904.xlsx", 1)]
    [InlineData("strict.xlsx", 2)]
    [InlineData("labels_fr.xls", 3)]
    public void Every_row_of_a_valid_sheet_is_accepted(string file, int rows)
    {
        var result = work.Import(TestWorkspace.TestData("shapes", file));

        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Select(e => e.Message.En)));
        Assert.Equal(SubmissionStatus.Accepted, result.Status);
        Assert.Equal(rows, result.RowsRead);
        Assert.Equal(rows, result.RowsAccepted);
    }

    [Fact]
    public void Labels_in_three_languages_store_the_same_codes()
    {
        var rows = new List<(string Sex, string Category, string? Status, string Nationality, string Province, long Coverage)>();
        foreach (var file in new[] { "labels_fr.csv", "labels_ar.csv", "labels_en.csv" })
        {
            using var other = new TestWorkspace();
            Assert.Equal(SubmissionStatus.Accepted, other.Import(TestWorkspace.TestData("shapes", file)).Status);
            using var connection = other.Db.Connect();
            rows.Add(connection.QuerySingle<(string, string, string?, string, string, long)>(
                "SELECT sex, category, residence_status, nationality, province, health_coverage FROM responses WHERE row_number = 2"));
        }

        Assert.Equal(("F", "IMM", "REG", "SEN", "001", 1L), rows[0]);
        Assert.Equal(rows[0], rows[1]);
        Assert.Equal(rows[0] with { Province = "581" }, rows[2]);
    }

    [Fact]
    public void Numbers_and_dates_written_as_text_are_read_as_the_spec_says()
    {
        work.Import(TestWorkspace.TestData("shapes", "labels_fr.csv"));
        using var connection = work.Db.Connect();
        var r = connection.QuerySingle<(string Date, string Province, long Age, double Weight, double Remittances)>(
            "SELECT interview_date, province, age, weight, remittances_12m_mad FROM responses WHERE row_number = 4");
        Assert.Equal(("2025-09-01", "163", 35L, 2.5, 1250.5), r);
    }

    [Fact]
    public void Excel_cells_read_right_shared_rich_formula_boolean_date_and_sparse()
    {
        work.Import(TestWorkspace.TestData("shapes", "shared_strings_excel.xlsx"));
        using var connection = work.Db.Connect();
        var rows = connection.Query<(long Row, string Date, string Province, long Age, long Coverage)>(
            "SELECT row_number, interview_date, province, age, health_coverage FROM responses ORDER BY row_number").ToList();
        Assert.Equal([(2L, "2025-07-15", "001", 30L, 1L), (5L, "2025-08-01", "001", 30L, 1L)], rows);
    }

    [Fact]
    public void A_1904_workbook_dates_are_shifted()
    {
        work.Import(TestWorkspace.TestData("shapes", "date1904.xlsx"));
        using var connection = work.Db.Connect();
        Assert.Equal("2025-07-15", connection.ExecuteScalar<string>("SELECT interview_date FROM responses"));
    }

    [Fact]
    public void Title_rows_above_the_header_keep_spreadsheet_row_numbers()
    {
        var result = work.Import(TestWorkspace.TestData("shapes", "inline_strings_title_rows.xlsx"));
        Assert.Equal(4, result.HeaderRow);
        using var connection = work.Db.Connect();
        Assert.Equal([5L, 6L, 7L], connection.Query<long>("SELECT row_number FROM responses ORDER BY 1"));
    }

    [Fact]
    public void A_quoted_line_break_counts_in_csv_line_numbers()
    {
        var result = work.Import(TestWorkspace.TestData("shapes", "multiline_cell.csv"));
        var error = Assert.Single(result.Errors);
        Assert.Equal(4, error.Row);
        Assert.Equal("invalid_code", error.Code);
    }

    [Fact]
    public void Unknown_columns_are_warnings_not_errors()
    {
        var result = work.Import(TestWorkspace.TestData("shapes", "kobo_headers.csv"));
        Assert.Equal(2, result.Warnings.Count);
        Assert.All(result.Warnings, w => Assert.Equal("unknown_column", w.Code));
        Assert.Empty(result.Errors);
    }

    public void Dispose() => work.Dispose();
}
