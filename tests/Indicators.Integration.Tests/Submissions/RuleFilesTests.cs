using Indicators.Submissions;

namespace Indicators.Tests.Submissions;

/// <summary>tests/TestData/rules: each file breaks one rule on line 5; the error must say so, and only that.</summary>
public sealed class RuleFilesTests : IDisposable
{
    private readonly TestWorkspace work = new();

    public static TheoryData<string> RuleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TestWorkspace.TestData("rules"), "*.csv").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RuleFiles))]
    public void Each_rule_file_reports_exactly_its_rule_on_line_5(string rule)
    {
        var result = work.Import(TestWorkspace.TestData("rules", rule + ".csv"));

        Assert.Equal(SubmissionStatus.AcceptedWithErrors, result.Status);
        Assert.Equal(4, result.RowsRead);
        Assert.Equal(3, result.RowsAccepted);
        var error = Assert.Single(result.Errors);
        Assert.Equal(rule, error.Code);
        Assert.Equal(5, error.Row);
        Assert.NotNull(error.Field);
        Assert.NotNull(error.Column);
        Assert.Contains("5", error.Message.Fr, StringComparison.Ordinal);
        Assert.Contains(error.Column!, error.Message.Fr, StringComparison.Ordinal);
        Assert.Contains("السطر 5", error.Message.Ar, StringComparison.Ordinal);
        Assert.DoesNotContain("{", error.Message.Fr + error.Message.Ar + error.Message.En, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rule_files_cover_every_row_rule_of_the_form()
    {
        var covered = Directory.GetFiles(TestWorkspace.TestData("rules"), "*.csv").Select(Path.GetFileNameWithoutExtension).ToHashSet();
        var expected = new[]
        {
            "required", "required_when", "must_be_blank", "too_long", "invalid_date", "date_outside_quarter", "invalid_number",
            "not_integer", "out_of_range", "below_minimum", "not_above_minimum", "above_field", "invalid_code", "invalid_yesno",
            "unknown_country", "province_not_in_region", "duplicate_respondent",
        }.Concat(Forms.FormDefinition.Default.Rules.Select(r => r.Id));
        Assert.All(expected, e => Assert.Contains(e, covered));
    }

    public void Dispose() => work.Dispose();
}
