using System.Text.Json;

namespace Indicators.Tests.Cli;

/// <summary>The <c>indicators</c> command as users and scripts call it: exit codes, JSON, files.</summary>
public sealed class CliTests : IDisposable
{
    private readonly TestWorkspace work = new();

    [Fact]
    public void Import_json_is_one_object_with_the_contract_fields_and_exit_0()
    {
        var (exit, stdout, _) = Run("import", TestWorkspace.TestData("rules", "out_of_range.csv"), "--region", "souss-massa", "--quarter", "2025Q3", "--json", "--lang", "ar");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("submissionId").GetInt64());
        Assert.Equal("accepted_with_errors", root.GetProperty("status").GetString());
        Assert.Equal((4, 3, 1), (root.GetProperty("rowsRead").GetInt32(), root.GetProperty("rowsAccepted").GetInt32(), root.GetProperty("rowsRejected").GetInt32()));
        var error = root.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(5, error.GetProperty("row").GetInt32());
        Assert.Equal("age", error.GetProperty("field").GetString());
        Assert.Equal("out_of_range", error.GetProperty("code").GetString());
        Assert.Equal("130", error.GetProperty("value").GetString());
        Assert.Contains("السطر 5", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        foreach (var name in new[] { "sheet", "column" })
        {
            Assert.True(error.TryGetProperty(name, out _), name);
        }

        Assert.Equal(0, root.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public void A_rejected_file_exits_2_and_a_missing_file_exits_1()
    {
        var rejected = Run("import", TestWorkspace.TestData("files", "missing_columns.csv"), "--region", "09", "--quarter", "2025Q3", "--json");
        Assert.Equal(2, rejected.Exit);
        using var json = JsonDocument.Parse(rejected.Out);
        var error = json.RootElement.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Null, error.GetProperty("row").ValueKind);
        Assert.Equal("missing_columns", error.GetProperty("code").GetString());

        var missing = Run("import", work.PathOf("nope.xlsx"), "--region", "09", "--quarter", "2025Q3");
        Assert.Equal(1, missing.Exit);
        Assert.Contains("nope.xlsx", missing.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_sample_import_annotated_and_submissions_work_together()
    {
        Assert.Equal(0, Run("template", "--out", work.PathOf("t.xlsx"), "--lang", "ar", "--region", "02", "--quarter", "2026Q1").Exit);
        Submissions.WorkbooksTests.AssertValid(work.PathOf("t.xlsx"));
        Assert.Equal(0, Run("sample", "--region", "02", "--quarter", "2026Q1", "--rows", "120", "--out", work.PathOf("s.xlsx"), "--error-rate", "0.1").Exit);
        var import = Run("import", work.PathOf("s.xlsx"), "--annotated", work.PathOf("a.xlsx"), "--lang", "fr");
        Assert.Equal(0, import.Exit);
        Assert.Contains("accepté avec erreurs", import.Out, StringComparison.Ordinal);
        Submissions.WorkbooksTests.AssertValid(work.PathOf("a.xlsx"));

        var list = Run("submissions", "--json");
        using var json = JsonDocument.Parse(list.Out);
        var s = json.RootElement.EnumerateArray().Single();
        Assert.Equal("02", s.GetProperty("regionCode").GetString());
        Assert.Equal("2026Q1", s.GetProperty("quarter").GetString());
        Assert.True(s.GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public void Dry_run_stores_nothing()
    {
        var result = Run("import", TestWorkspace.TestData("shapes", "labels_en.csv"), "--region", "MA-09", "--quarter", "2025Q3", "--dry-run", "--json");
        Assert.Equal(0, result.Exit);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("submissionId").ValueKind);
        Assert.Equal("[]", Run("submissions", "--json").Out.Trim());
    }

    [Fact]
    public void A_200000_row_sheet_imports_in_bounded_memory()
    {
        Assert.Equal(0, Run("sample", "--region", "09", "--quarter", "2025Q3", "--rows", "200000", "--out", work.PathOf("big.xlsx"), "--seed", "3").Exit);
        var env = new Dictionary<string, string> { ["INDICATORS_REPORT_PEAK_MEMORY"] = "1" };
        var (exit, stdout, stderr) = CliRunner.Run(work.Folder, WithDb(env), "import", work.PathOf("big.xlsx"), "--json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(200_000, json.RootElement.GetProperty("rowsAccepted").GetInt32());
        var peak = long.Parse(stderr.Split('=')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(peak < 400L * 1024 * 1024, $"peak working set {peak / 1048576} MB");
    }

    [Fact]
    public void Import_recomputes_its_quarter_export_writes_the_csv_and_pack_writes_the_zip()
    {
        Assert.Equal(0, Run("sample", "--region", "09", "--quarter", "2025Q3", "--rows", "80", "--seed", "3", "--out", work.PathOf("a.xlsx")).Exit);
        Assert.Equal(0, Run("import", work.PathOf("a.xlsx"), "--batch", "main").Exit);
        var first = Run("export", "--format", "csv", "--region", "souss-massa", "--quarter", "2025Q3");
        Assert.Equal(0, first.Exit);
        var lines = first.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("INDICATOR,REGION,QUARTER,PROVINCE,SEX,AGE_GROUP,CATEGORY,OBS_VALUE,SE,CI_LOW,CI_HIGH,CV,N,N_WEIGHTED,MISSING,OBS_FLAG", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("RESPONDENTS,09,2025Q3,_T,_T,_T,_T,80,", StringComparison.Ordinal));

        // A corrected sheet for the same batch supersedes the first: the figures follow.
        Assert.Equal(0, Run("sample", "--region", "09", "--quarter", "2025Q3", "--rows", "120", "--seed", "4", "--out", work.PathOf("b.xlsx")).Exit);
        Assert.Equal(0, Run("import", work.PathOf("b.xlsx"), "--batch", "main").Exit);
        var second = Run("export", "--format", "csv", "--quarter", "2025Q3", "--out", work.PathOf("all.csv"));
        Assert.Equal(0, second.Exit);
        var csv = File.ReadAllLines(work.PathOf("all.csv"));
        Assert.Contains(csv, l => l.StartsWith("RESPONDENTS,09,2025Q3,_T,_T,_T,_T,120,", StringComparison.Ordinal));
        Assert.Contains(csv, l => l.StartsWith("RESPONDENTS,_T,2025Q3,_T,_T,_T,_T,120,", StringComparison.Ordinal));
        Assert.Equal(0, Run("compute").Exit);
        Assert.Equal(File.ReadAllText(work.PathOf("all.csv")), Run("export", "--format", "csv", "--quarter", "2025Q3").Out);

        var pack = Run("pack", "--region", "09", "--quarter", "2025Q3", "--lang", "ar", "--out", work.PathOf("packs"));
        Assert.Equal(0, pack.Exit);
        Assert.True(File.Exists(work.PathOf("packs/souss-massa-2025Q3-ar.zip")), pack.Out + pack.Err);
        var none = Run("pack", "--region", "02", "--quarter", "2025Q3", "--out", work.PathOf("packs"));
        Assert.Equal(2, none.Exit);
        Assert.Contains("Aucune donnée", none.Err, StringComparison.Ordinal);
    }

    private (int Exit, string Out, string Err) Run(params string[] args) => CliRunner.Run(work.Folder, WithDb(null), args);

    private Dictionary<string, string> WithDb(Dictionary<string, string>? env)
    {
        var result = env ?? [];
        result["INDICATORS_DB"] = work.PathOf("cli.db");
        return result;
    }

    public void Dispose() => work.Dispose();
}
