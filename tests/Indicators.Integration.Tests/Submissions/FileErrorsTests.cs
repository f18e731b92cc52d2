using Dapper;
using Indicators.Submissions;

namespace Indicators.Tests.Submissions;

/// <summary>tests/TestData/files: files rejected as a whole, with nothing imported and the original kept.</summary>
public sealed class FileErrorsTests : IDisposable
{
    private readonly TestWorkspace work = new();

    [Theory]
    [InlineData("no_header.csv", "no_header")]
    [InlineData("missing_columns.csv", "missing_columns")]
    [InlineData("duplicate_column.csv", "duplicate_column")]
    [InlineData("too_many_errors.csv", "too_many_errors")]
    [InlineData("no_data_rows.csv", "no_data_rows")]
    [InlineData("not_a_spreadsheet.xlsx", "not_a_spreadsheet")]
    [InlineData("invalid_encoding.csv", "invalid_encoding")]
    [InlineData("region_mismatch.xlsx", "region_mismatch")]
    [InlineData("quarter_mismatch.xlsx", "quarter_mismatch")]
    [InlineData("forbidden_dtd.xlsx", "forbidden_dtd")]
    [InlineData("forbidden_dtd_external.xlsx", "forbidden_dtd")]
    [InlineData("encrypted.xls", "encrypted")]
    public void A_bad_file_is_rejected_whole_with_its_error(string file, string code)
    {
        var result = work.Import(TestWorkspace.TestData("files", file));

        Assert.Equal(SubmissionStatus.Rejected, result.Status);
        Assert.Equal(0, result.RowsAccepted);
        Assert.Contains(result.Errors, e => e.Code == code && e.IsFileError);
        var fileError = result.Errors.First(e => e.Code == code);
        Assert.False(string.IsNullOrWhiteSpace(fileError.Message.Fr));
        Assert.False(string.IsNullOrWhiteSpace(fileError.Message.Ar));
        Assert.DoesNotContain("{", fileError.Message.Fr + fileError.Message.Ar, StringComparison.Ordinal);

        using var connection = work.Db.Connect();
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses"));
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM submissions WHERE is_active = 1"));
        var stored = connection.ExecuteScalar<string>("SELECT path FROM stored_files");
        Assert.Equal(File.ReadAllBytes(TestWorkspace.TestData("files", file)), File.ReadAllBytes(stored!));
    }

    [Fact]
    public void Missing_columns_are_all_named_in_french_and_arabic()
    {
        var result = work.Import(TestWorkspace.TestData("files", "missing_columns.csv"));
        var error = Assert.Single(result.Errors);
        Assert.Contains("Sexe", error.Message.Fr, StringComparison.Ordinal);
        Assert.Contains("Âge", error.Message.Fr, StringComparison.Ordinal);
        Assert.Contains("الجنس", error.Message.Ar, StringComparison.Ordinal);
        Assert.Contains("السن", error.Message.Ar, StringComparison.Ordinal);
    }

    [Fact]
    public void A_region_mismatch_names_both_regions()
    {
        var result = work.Import(TestWorkspace.TestData("files", "region_mismatch.xlsx"));
        var error = Assert.Single(result.Errors, e => e.Code == "region_mismatch");
        Assert.Contains("Souss-Massa", error.Message.Fr, StringComparison.Ordinal);
        Assert.Contains("Béni Mellal-Khénifra", error.Message.Fr, StringComparison.Ordinal);
    }

    public void Dispose() => work.Dispose();
}
