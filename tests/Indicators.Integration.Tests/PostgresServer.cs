using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Indicators.Tests;

/// <summary>
/// A throwaway PostgreSQL for the tests: <c>INDICATORS_TEST_PG</c> (a connection string to a server
/// where databases may be created) when set, otherwise a server of its own started from the
/// Debian binaries (/usr/lib/postgresql/15/bin) in a temp folder, on 127.0.0.1 and a free port, as
/// the postgres user when run as root; stopped by process id when the test run ends.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string?> Admin = new(Start);
    private static string? skipReason;

    public const string Bin = "/usr/lib/postgresql/15/bin";

    /// <summary>A new, empty database; its connection string.</summary>
    public static string CreateDatabase()
    {
        var admin = Admin.Value ?? throw new InvalidOperationException("PostgreSQL tests cannot run: " + skipReason);
        var name = "t_" + Guid.NewGuid().ToString("N")[..12];
        using (var c = new NpgsqlConnection(admin))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {name}";
            cmd.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static string? Start()
    {
        if (Environment.GetEnvironmentVariable("INDICATORS_TEST_PG") is { Length: > 0 } given)
        {
            return given;
        }

        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            skipReason = $"no PostgreSQL binaries in {Bin} and INDICATORS_TEST_PG is not set";
            return null;
        }

        var root = Environment.UserName == "root";
        var dir = Path.Combine(Path.GetTempPath(), "indicators-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var data = Path.Combine(dir, "data");
        if (root)
        {
            Run("chown", $"postgres {dir}");
        }

        Run(Path.Combine(Bin, "initdb"), $"-D {data} -A trust -U postgres --no-sync -E UTF8 --locale C", root);
        int port;
        for (var attempt = 1; ; attempt++)
        {
            // The free port may be taken between the look and the start: try another.
            port = FreePort();
            try
            {
                Run(
                    Path.Combine(Bin, "pg_ctl"),
                    $"-D {data} -l {dir}/log -w -t 60 -o \"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start",
                    root);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }

        var pid = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Run(Path.Combine(Bin, "pg_ctl"), $"-D {data} -m immediate -w -t 20 stop", root);
                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                try
                {
                    Process.GetProcessById(pid).Kill(); // the postmaster, by process id, as a last resort
                }
                catch (Exception inner) when (inner is ArgumentException or InvalidOperationException)
                {
                }
            }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50";
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static void Run(string file, string args, bool asPostgres = false)
    {
        var info = asPostgres ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {args}") : new ProcessStartInfo(file, args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {args} failed ({p.ExitCode}): {output} {err.Result}");
        }
    }
}
