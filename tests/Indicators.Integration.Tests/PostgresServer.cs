using Indicators.Cli.Commands;

namespace Indicators.Tests;

/// <summary>
/// The PostgreSQL the tests share: <c>INDICATORS_TEST_PG</c> (a connection string to a server
/// where databases may be created) when set, otherwise a <see cref="ThrowawayPostgres"/> started
/// at the first use and stopped when the test run ends.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string?> Admin = new(Start);
    private static string? skipReason;

    /// <summary>A new, empty database; its connection string.</summary>
    public static string CreateDatabase()
    {
        _ = Admin.Value ?? throw new InvalidOperationException("PostgreSQL tests cannot run: " + skipReason);
        return server?.CreateDatabase("t_", "Pooling=true;Maximum Pool Size=50") ?? Given(Admin.Value);
    }

    private static ThrowawayPostgres? server;

    private static string Given(string admin)
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..12];
        using (var c = new Npgsql.NpgsqlConnection(admin))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {name}";
            cmd.ExecuteNonQuery();
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static string? Start()
    {
        if (Environment.GetEnvironmentVariable("INDICATORS_TEST_PG") is { Length: > 0 } given)
        {
            return given;
        }

        if (ThrowawayPostgres.Unavailable() is { } why)
        {
            skipReason = why + " and INDICATORS_TEST_PG is not set";
            return null;
        }

        server = ThrowawayPostgres.Start(maxConnections: 200);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        return server.ConnectionString;
    }
}
