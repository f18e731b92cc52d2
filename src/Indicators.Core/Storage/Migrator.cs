using System.Globalization;
using System.Reflection;
using Dapper;

namespace Indicators.Storage;

/// <summary>
/// Forward-only schema migrations: embedded <c>Migrations/&lt;dialect&gt;/NNNN_name.sql</c> files,
/// applied in order, each in its own transaction, recorded in <c>schema_migrations</c>.
/// </summary>
public static class Migrator
{
    public static IReadOnlyList<(int Version, string Name)> Available(string dialect = "sqlite")
    {
        var prefix = $"Indicators.Storage.Migrations.{dialect}.";
        return typeof(Migrator).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => n[prefix.Length..^4])
            .Select(n => (int.Parse(n[..4], CultureInfo.InvariantCulture), n))
            .OrderBy(m => m.Item1)
            .ToList();
    }

    /// <summary>
    /// Applies what is missing; returns the names applied. On PostgreSQL an advisory lock makes
    /// nodes that start together migrate one after the other.
    /// </summary>
    public static IReadOnlyList<string> Migrate(Database db)
    {
        var dialect = db.Dialect == Dialect.Postgres ? "postgres" : "sqlite";
        using var connection = db.Connect();
        using var migrationLock = Lock(db, connection);
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at TEXT NOT NULL)
            """);
        var applied = connection.Query<int>("SELECT version FROM schema_migrations").ToHashSet();
        var done = new List<string>();
        foreach (var (version, name) in Available(dialect))
        {
            if (applied.Contains(version))
            {
                continue;
            }

            using var tx = connection.BeginTransaction();
            connection.Execute(ReadScript(dialect, name), transaction: tx);
            connection.Execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
                new { version, name, at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) },
                tx);
            tx.Commit();
            done.Add(name);
        }

        return done;
    }

    /// <summary>
    /// Applies a migration that another assembly carries (the job scheduler's tables), once, under
    /// the same lock and journal as the embedded ones. Statements run in one transaction.
    /// </summary>
    public static bool Apply(Database db, int version, string name, IEnumerable<string> statements)
    {
        Migrate(db);
        using var connection = db.Connect();
        using var migrationLock = Lock(db, connection);

        if (connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version }) > 0)
        {
            return false;
        }

        using var tx = connection.BeginTransaction();
        foreach (var sql in statements)
        {
            connection.Execute(sql, transaction: tx);
        }

        connection.Execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @at)",
            new { version, name, at = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture) },
            tx);
        tx.Commit();
        return true;
    }

    /// <summary>
    /// PostgreSQL: a session advisory lock, released explicitly (a pooled connection's session
    /// outlives its Dispose). SQLite needs none: its writers are serialised already.
    /// </summary>
    private static IDisposable? Lock(Database db, System.Data.Common.DbConnection connection)
    {
        if (db.Dialect != Dialect.Postgres)
        {
            return null;
        }

        connection.Execute("SELECT pg_advisory_lock(72616961)");
        return new Unlock(connection);
    }

    private sealed class Unlock(System.Data.Common.DbConnection connection) : IDisposable
    {
        public void Dispose() => connection.Execute("SELECT pg_advisory_unlock(72616961)");
    }

    private static string ReadScript(string dialect, string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Indicators.Storage.Migrations.{dialect}.{name}.sql")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
