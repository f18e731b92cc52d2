using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Indicators.Storage;

/// <summary>
/// Where the product keeps its data: a SQLite file (the embedded default) and, beside it, the
/// content-addressed store of original uploads.
/// </summary>
public sealed class Database
{
    private Database(string connectionString, string filesDirectory, string display)
    {
        ConnectionString = connectionString;
        FilesDirectory = filesDirectory;
        Display = display;
    }

    public string ConnectionString { get; }

    public string FilesDirectory { get; }

    /// <summary>What to show a user: the file path (never a password).</summary>
    public string Display { get; }

    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("INDICATORS_DB") is { Length: > 0 } env ? env : Path.Combine("data", "indicators.db");

    /// <summary>Opens (and migrates on first use) the database at <paramref name="pathOrConnection"/>, or the default.</summary>
    public static Database Open(string? pathOrConnection = null, bool migrate = true)
    {
        var target = string.IsNullOrWhiteSpace(pathOrConnection) ? DefaultPath : pathOrConnection;
        var path = target.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase)
            ? new SqliteConnectionStringBuilder(target).DataSource
            : target;
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 60,
        }.ToString();
        var db = new Database(cs, Path.Combine(Path.GetDirectoryName(full)!, "files"), full);
        if (migrate)
        {
            Migrator.Migrate(db);
        }

        return db;
    }

    public DbConnection Connect()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 60000;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
