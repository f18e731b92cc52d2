using System.Globalization;
using Dapper;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Submissions;

namespace Indicators.Tests.Hostile;

/// <summary>A database with a good submission for Souss-Massa 2025Q3, and the hostile files.</summary>
public class HostileImportFixture : IDisposable
{
    public HostileImportFixture()
        : this(Backend.Sqlite)
    {
    }

    protected HostileImportFixture(Backend backend)
    {
        Work = new TestWorkspace(backend);
        var path = Work.PathOf("good.xlsx");
        using (var stream = File.Create(path))
        {
            new SampleSheet(FormDefinition.Default).Write(stream, Reference.Default.GetRegion("09"), Quarter.Parse("2025Q3"), new SampleSheet.Options(300, 7, 0));
        }

        GoodId = Work.Import(path, batch: "good").SubmissionId!.Value;
        GoodRows = Responses();
    }

    public TestWorkspace Work { get; }

    public HostileFiles Files { get; } = new();

    public long GoodId { get; }

    public string GoodRows { get; }

    public string Responses()
    {
        using var c = Work.Db.Connect();
        var rows = c.Query("SELECT * FROM responses WHERE submission_id = @GoodId ORDER BY row_number", new { GoodId });
        return string.Join('\n', rows.Select(r => string.Join('|', ((IDictionary<string, object?>)r).Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)))));
    }

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        Files.Dispose();
        Work.Dispose();
    }
}

/// <summary>The same database on PostgreSQL.</summary>
public sealed class HostileImportPostgresFixture() : HostileImportFixture(Backend.Postgres);

/// <summary>
/// Each hostile file through the import use case in-process (the CLI tests run the program and
/// measure its memory on SQLite): the same outcome on PostgreSQL, whose text cannot hold a NUL
/// character and whose bulk COPY fails on bytes SQLite would take, with the good submission intact.
/// </summary>
public sealed class HostileImportPostgresTests(HostileImportPostgresFixture fixture) : IClassFixture<HostileImportPostgresFixture>
{
    public static TheoryData<string> Cases() => [.. HostileFiles.Cases.Select(c => c.File)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_hostile_file_gets_the_same_outcome_on_postgresql(string file)
    {
        var c = HostileFiles.Cases.Single(h => h.File == file);
        // Row errors go into PostgreSQL one by one: the cap on stored errors is met at 10,000 here
        // (at its default, 100,000, through the CLI) to keep the run short.
        var result = fixture.Work.Import(fixture.Files.PathOf(c), batch: "hostile", options: new ImportOptions { MaxErrorsStored = 10_000, MaxErrorsKept = 10_000 });

        if (c.Code is { } code)
        {
            Assert.Equal(SubmissionStatus.Rejected, result.Status);
            Assert.Equal(0, result.RowsAccepted);
            Assert.Equal(code, result.Errors[0].Code);
            Assert.False(string.IsNullOrWhiteSpace(result.Errors[0].Message.Ar));
        }
        else
        {
            Assert.Equal(c.Rejected == 0 ? SubmissionStatus.Accepted : SubmissionStatus.AcceptedWithErrors, result.Status);
            Assert.Equal((c.Accepted, c.Rejected), (result.RowsAccepted, result.RowsRejected));
        }

        using var connection = fixture.Work.Db.Connect();
        Assert.Equal(0L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM submissions WHERE status = 'pending'"));
        Assert.Equal(1L, connection.ExecuteScalar<long>("SELECT is_active FROM submissions WHERE id = @GoodId", new { fixture.GoodId }));
        Assert.True(connection.ExecuteScalar<long>("SELECT COUNT(*) FROM row_errors WHERE submission_id = @id", new { id = result.SubmissionId }) <= 10_010);
        Assert.Equal(fixture.GoodRows, fixture.Responses());
    }
}
