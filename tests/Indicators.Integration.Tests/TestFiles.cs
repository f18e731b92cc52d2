using Indicators.Forms;
using Indicators.Geography;
using Indicators.Storage;
using Indicators.Submissions;

namespace Indicators.Tests;

public enum Backend
{
    Sqlite,
    Postgres,
}

/// <summary>Paths of tests/TestData and a fresh database per test: SQLite, or a new PostgreSQL database.</summary>
public sealed class TestWorkspace : IDisposable
{
    public TestWorkspace(Backend backend = Backend.Sqlite)
    {
        Folder = Path.Combine(Path.GetTempPath(), "indicators-tests-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Folder);
        Backend = backend;
        Db = backend == Backend.Postgres
            ? Database.Open(PostgresServer.CreateDatabase(), Path.Combine(Folder, "files"))
            : Database.Open(Path.Combine(Folder, "test.db"));
    }

    public Backend Backend { get; }

    public string Folder { get; }

    public Database Db { get; }

    public static string TestData(params string[] parts) => Path.Combine([DataRoot, .. parts]);

    public ImportResult Import(string path, string? region = "09", string? quarter = "2025Q3", string? batch = null, bool dryRun = false, ImportOptions? options = null) =>
        new ImportSubmission(Db, FormDefinition.Default, Reference.Default, Messages.Default, TimeProvider.System, options)
            .Run(new ImportRequest(path, Path.GetFileName(path), region, quarter, batch) { DryRun = dryRun });

    public string PathOf(string name) => Path.Combine(Folder, name);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string DataRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "tests", "TestData");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("tests/TestData not found above the test binaries.");
        }
    }
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
