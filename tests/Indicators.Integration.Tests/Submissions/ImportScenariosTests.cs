using Dapper;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Submissions;

namespace Indicators.Tests.Submissions;

/// <summary>Supersede, duplicate, uniqueness across submissions, crashes and dry runs, on SQLite.</summary>
public abstract class ImportScenariosTests(Backend backend) : IDisposable
{
    private readonly TestWorkspace work = new(backend);

    [Fact]
    public void A_sample_sheet_imports_every_row_with_its_types()
    {
        var path = Sample("s.xlsx", rows: 300, seed: 3);
        var result = work.Import(path, region: null, quarter: null);

        Assert.Equal(SubmissionStatus.Accepted, result.Status);
        Assert.Equal(("09", "2025Q3"), (result.RegionCode, result.Quarter));
        Assert.Equal(300, result.RowsAccepted);
        using var connection = work.Db.Connect();
        Assert.Equal(300, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses"));
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses WHERE interview_date NOT BETWEEN '2025-07-01' AND '2025-09-30'"));
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses WHERE weight <= 0"));
        Assert.Equal(backend == Backend.Sqlite ? "integer" : "bigint", connection.ExecuteScalar<string>(backend == Backend.Sqlite ? "SELECT typeof(age) FROM responses LIMIT 1" : "SELECT pg_typeof(age)::text FROM responses LIMIT 1"));
    }

    [Fact]
    public void Stored_values_read_back_exactly_texts_numbers_dates_blanks_and_extras()
    {
        // Each writer encodes rows its own way (SQLite's statement API, PostgreSQL's binary COPY):
        // what goes in must come out, multi-byte text and a question without a column included.
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(TemplatePaths.Forms, "survey-v1.json")))!;
        json["fields"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""
            { "name": "internet_access", "type": "yesno",
              "labels": { "fr": "Accès à internet", "ar": "الولوج إلى الإنترنت", "en": "Internet access" } }
            """));
        var formPath = work.PathOf("form.json");
        File.WriteAllText(formPath, json.ToJsonString());
        var form = FormLoader.Load(formPath);
        var header = File.ReadLines(TestWorkspace.TestData("shapes", "labels_fr.csv")).First();
        var arabic = string.Concat(Enumerable.Repeat("أيت ملول ", 12))[..100];
        var sheet = work.PathOf("values.csv");
        File.WriteAllLines(sheet, [
            header + ",Accès à internet",
            "R1,15/07/2025,Agadir Ida-Outanane,\"Aït Melloul — أيت ملول 😀\",Femme,30,Sénégal,Immigré étranger,Séjour régulier,3.25,oui,oui,non,2,2,Secondaire,En emploi,non,Agriculture,non,oui,non,Locataire,\"1 250,50\",,1.5,oui",
            "R2,30/09/2025,Tiznit,,homme,71,Maroc,Marocain résidant à l'étranger,,,Non,non,,0,,Supérieur,Chômeur,,,non,oui,non,TENANT,0,oui,0.125,",
            $"R3,1/8/2025,Tata,{arabic},F,15,SEN,IMM,REG,0,oui,oui,non,2,2,SECONDARY,EMP,non,AGRI,non,oui,non,TENANT,,,2,non",
        ]);

        var result = new ImportSubmission(work.Db, form, Reference.Default, Messages.Default, TimeProvider.System)
            .Run(new ImportRequest(sheet, "values.csv", "09", "2025Q3"));

        Assert.True(result.Status == SubmissionStatus.Accepted, string.Join(" | ", result.Errors.Select(e => e.Message.En)));
        using var connection = work.Db.Connect();
        var rows = connection.Query<(string Id, string Date, string Province, string? Commune, long Age, double? Years, long? CareReceived, long? Children, double? Remittances, long? Investment, double Weight, string? Extras)>(
            "SELECT respondent_id, interview_date, province, commune, age, years_in_region, care_received_12m, children_6_17, remittances_12m_mad, investment_project, weight, extras FROM responses ORDER BY row_number").ToList();
        Assert.Equal(3, rows.Count);
        Assert.Equal(("R1", "2025-07-15", "Aït Melloul — أيت ملول 😀", 30L, 3.25, 1250.5, (long?)null, 1.5, "{\"internet_access\":1}"), (rows[0].Id, rows[0].Date, rows[0].Commune, rows[0].Age, rows[0].Years, rows[0].Remittances, rows[0].Investment, rows[0].Weight, rows[0].Extras));
        Assert.Equal(("R2", "2025-09-30", (string?)null, 71L, (double?)null, (long?)null, 0L, 0.0, 1L, 0.125, "{\"internet_access\":null}"), (rows[1].Id, rows[1].Date, rows[1].Commune, rows[1].Age, rows[1].Years, rows[1].CareReceived, rows[1].Children, rows[1].Remittances, rows[1].Investment, rows[1].Weight, rows[1].Extras));
        Assert.Equal(("R3", "2025-08-01", arabic, 15L, 0.0, (double?)null, 2.0, "{\"internet_access\":0}"), (rows[2].Id, rows[2].Date, rows[2].Commune, rows[2].Age, rows[2].Years, rows[2].Remittances, rows[2].Weight, rows[2].Extras));
        var provinces = Reference.Default.GetRegion("09").Provinces;
        Assert.Equal(["Agadir Ida-Outanane", "Tiznit", "Tata"], rows.Select(r => provinces.Single(p => p.Code == r.Province).Name.Fr));
    }

    [Fact]
    public void Same_batch_supersedes_atomically_and_keeps_the_old_rows()
    {
        var first = work.Import(Sample("batch.xlsx", rows: 50, seed: 1));
        var second = work.Import(Sample("batch.xlsx", rows: 60, seed: 2));

        Assert.Equal(SubmissionStatus.Accepted, second.Status);
        Assert.Equal(first.SubmissionId, second.Supersedes);
        using var connection = work.Db.Connect();
        var active = connection.Query<(long Id, long? SupersededBy)>("SELECT id, superseded_by FROM submissions ORDER BY id").ToList();
        Assert.Equal([(first.SubmissionId!.Value, second.SubmissionId), (second.SubmissionId!.Value, (long?)null)], active);
        Assert.Equal(110, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses"));
        Assert.Equal(60, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses r JOIN submissions s ON s.id = r.submission_id WHERE s.is_active = 1"));
    }

    [Fact]
    public void A_rejected_file_never_supersedes_what_was_accepted()
    {
        var first = work.Import(Sample("batch.csv", rows: 20, seed: 1, csv: true));
        File.WriteAllText(work.PathOf("batch.csv"), "nothing,to,see\n1,2,3\n");
        var second = work.Import(work.PathOf("batch.csv"));

        Assert.Equal(SubmissionStatus.Rejected, second.Status);
        using var connection = work.Db.Connect();
        Assert.Equal(first.SubmissionId, connection.ExecuteScalar<long>("SELECT id FROM submissions WHERE is_active = 1"));
    }

    [Fact]
    public void An_identical_file_is_a_duplicate_and_changes_nothing()
    {
        var path = Sample("dup.xlsx", rows: 30, seed: 5);
        var first = work.Import(path);
        File.Copy(path, work.PathOf("renamed.xlsx"));
        var second = work.Import(work.PathOf("renamed.xlsx"));

        Assert.Equal(SubmissionStatus.Duplicate, second.Status);
        Assert.Equal(first.SubmissionId, second.DuplicateOf);
        using var connection = work.Db.Connect();
        Assert.Equal(30, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses"));
        Assert.Equal(1, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM submissions WHERE is_active = 1"));
        Assert.Equal(1, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM stored_files"));
    }

    [Fact]
    public void A_respondent_id_used_by_another_active_submission_is_an_error()
    {
        work.Import(Sample("a.xlsx", rows: 10, seed: 1));
        var second = work.Import(Sample("b.xlsx", rows: 20, seed: 2));

        Assert.Equal(SubmissionStatus.AcceptedWithErrors, second.Status);
        Assert.Equal(10, second.RowsRejected);
        Assert.All(second.Errors, e => Assert.Equal(("duplicate_respondent", "respondent_id"), (e.Code, e.Field)));
        Assert.Contains("n° 1", second.Errors[0].Message.Fr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_crash_half_way_leaves_no_rows_and_the_submission_pending()
    {
        var options = new ImportOptions { AfterRowWritten = n => { if (n == 150) { throw new IOException("disk gone"); } } };
        Assert.Throws<IOException>(() => work.Import(Sample("crash.xlsx", rows: 300, seed: 9), options: options));

        using var connection = work.Db.Connect();
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses"));
        Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM row_errors"));
        Assert.Equal("pending", connection.ExecuteScalar<string>("SELECT status FROM submissions"));

        var again = work.Import(work.PathOf("crash.xlsx"));
        Assert.Equal(SubmissionStatus.Accepted, again.Status);
        Assert.Equal(300, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM responses"));
    }

    [Fact]
    public void A_dry_run_reports_like_an_import_and_stores_nothing()
    {
        var path = Sample("dry.xlsx", rows: 200, seed: 4, errorRate: 0.1);
        var dry = work.Import(path, dryRun: true);
        using (var connection = work.Db.Connect())
        {
            Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM submissions"));
            Assert.Equal(0, connection.ExecuteScalar<int>("SELECT COUNT(*) FROM stored_files"));
        }

        Assert.False(Directory.Exists(work.Db.FilesDirectory) && Directory.EnumerateFiles(work.Db.FilesDirectory, "*", SearchOption.AllDirectories).Any());
        var real = work.Import(path);
        Assert.Null(dry.SubmissionId);
        Assert.Equal((real.Status, real.RowsRead, real.RowsAccepted, real.RowsRejected), (dry.Status, dry.RowsRead, dry.RowsAccepted, dry.RowsRejected));
        Assert.Equal(real.Errors.Select(e => (e.Row, e.Code, e.Message.Fr)), dry.Errors.Select(e => (e.Row, e.Code, e.Message.Fr)));
    }

    [Fact]
    public void All_errors_of_a_row_are_reported_at_once()
    {
        File.WriteAllText(work.PathOf("many.csv"),
            "respondent_id,interview_date,province,sex,age,nationality,category,health_coverage,residence_status,activity_status\n" +
            "A1,15/07/2025,Agadir Ida-Outanane,F,30,SEN,IMM,oui,REG,INACTIVE\n" +
            "A2,15/07/2024,Oujda-Angad,X,300,Atlantis,IMM,peut-être,REG,INACTIVE\n" +
            "A3,15/07/2025,Agadir Ida-Outanane,F,30,SEN,IMM,oui,REG,INACTIVE\n");
        var result = work.Import(work.PathOf("many.csv"));

        Assert.Equal(
            ["date_outside_quarter", "province_not_in_region", "invalid_code", "out_of_range", "unknown_country", "invalid_yesno"],
            result.Errors.Select(e => e.Code));
        Assert.All(result.Errors, e => Assert.Equal(3, e.Row));
    }

    private string Sample(string name, int rows, int seed, double errorRate = 0, bool csv = false)
    {
        var path = work.PathOf(csv ? Path.ChangeExtension(name, ".xlsx") : name);
        using (var stream = File.Create(path))
        {
            new SampleSheet(FormDefinition.Default).Write(stream, Reference.Default.GetRegion("09"), Quarter.Parse("2025Q3"), new SampleSheet.Options(rows, seed, errorRate));
        }

        if (!csv)
        {
            return path;
        }

        // The same rows as CSV, read back through the xlsx reader.
        var target = work.PathOf(name);
        using var book = Indicators.Sheets.WorkbookFile.Open(path, name);
        using var sheet = book.OpenSheet(0);
        var row = new Indicators.Sheets.SheetRow();
        using var writer = new StreamWriter(target);
        while (sheet.Read(row))
        {
            writer.WriteLine(string.Join(",", Enumerable.Range(0, row.Width).Select(c => Indicators.Sheets.CsvText.Quote(row[c].Display(book.Date1904)))));
        }

        return target;
    }

    public void Dispose() => work.Dispose();
}

public sealed class ImportScenariosSqliteTests() : ImportScenariosTests(Backend.Sqlite);

public sealed class ImportScenariosPostgresTests() : ImportScenariosTests(Backend.Postgres);
