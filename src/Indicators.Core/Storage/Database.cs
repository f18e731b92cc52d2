using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Indicators.Storage;

public enum Dialect
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Where the product keeps its data: a SQLite file (the embedded default) or a PostgreSQL
/// database shared by several nodes, and the content-addressed store of original uploads (beside
/// the SQLite file, or <c>INDICATORS_FILES</c>, default <c>data/files</c>, with PostgreSQL).
/// </summary>
public sealed class Database
{
    private Database(Dialect dialect, string connectionString, string filesDirectory, string display)
    {
        Dialect = dialect;
        ConnectionString = connectionString;
        FilesDirectory = filesDirectory;
        Display = display;
    }

    public Dialect Dialect { get; }

    public string ConnectionString { get; }

    public string FilesDirectory { get; }

    /// <summary>What to show a user: the file path (never a password).</summary>
    public string Display { get; }

    public static string DefaultPath =>
        Environment.GetEnvironmentVariable("INDICATORS_DB") is { Length: > 0 } env ? env : Path.Combine("data", "indicators.db");

    /// <summary>A PostgreSQL connection string (<c>Host=…</c>) or URI (<c>postgres://…</c>), as opposed to a SQLite path.</summary>
    public static bool IsPostgres(string target) =>
        target.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || target.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    /// <summary>Opens (and migrates on first use) the database at <paramref name="pathOrConnection"/>, or the default.</summary>
    public static Database Open(string? pathOrConnection = null, bool migrate = true) => Open(pathOrConnection, null, migrate);

    /// <summary>As <see cref="Open(string?, bool)"/>, with the folder of original uploads given (PostgreSQL).</summary>
    public static Database Open(string? pathOrConnection, string? filesDirectory, bool migrate = true)
    {
        var target = string.IsNullOrWhiteSpace(pathOrConnection) ? DefaultPath : pathOrConnection;
        if (IsPostgres(target))
        {
            var builder = new NpgsqlConnectionStringBuilder(target.Contains("://", StringComparison.Ordinal) ? FromUri(target) : target);
            var files = filesDirectory ?? (Environment.GetEnvironmentVariable("INDICATORS_FILES") is { Length: > 0 } f ? f : Path.Combine("data", "files"));
            var pg = new Database(Dialect.Postgres, builder.ConnectionString, Path.GetFullPath(files), $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}");
            if (migrate)
            {
                Migrator.Migrate(pg);
            }

            return pg;
        }

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
        var db = new Database(Dialect.Sqlite, cs, Path.Combine(Path.GetDirectoryName(full)!, "files"), full);
        if (migrate)
        {
            Migrator.Migrate(db);
        }

        return db;
    }

    public DbConnection Connect()
    {
        if (Dialect == Dialect.Postgres)
        {
            var pg = new NpgsqlConnection(ConnectionString);
            pg.Open();
            return pg;
        }

        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 60000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>A field of the <c>extras</c> JSON column in this dialect's SQL.</summary>
    public static string JsonField(DbConnection connection, string column, string field, bool numeric) => connection is NpgsqlConnection
        ? numeric ? $"CAST(({column}::jsonb ->> '{field}') AS double precision)" : $"({column}::jsonb ->> '{field}')"
        : $"json_extract({column}, '$.{field}')";

    private static string FromUri(string uri)
    {
        var u = new Uri(uri);
        var userInfo = Uri.UnescapeDataString(u.UserInfo).Split(':', 2);
        var b = new NpgsqlConnectionStringBuilder
        {
            Host = u.Host,
            Port = u.Port > 0 ? u.Port : 5432,
            Database = u.AbsolutePath.TrimStart('/'),
            Username = userInfo[0],
        };
        if (userInfo.Length > 1)
        {
            b.Password = userInfo[1];
        }

        return b.ConnectionString;
    }
}
