using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Indicators.Tests;

/// <summary>
/// A PostgreSQL server of one test's own, which the test stops and starts again (the database
/// going away): started as <see cref="PostgresServer"/> starts the shared one (initdb and pg_ctl
/// from /usr/lib/postgresql/15/bin, 127.0.0.1, a free port, as the postgres user when run as
/// root), and stopped by its process id when disposed. Without the binaries it cannot run (under
/// CI=true that fails the test).
/// </summary>
public sealed class CrashPostgresServer : IDisposable
{
    private readonly string dir;
    private readonly string data;
    private readonly bool root = Environment.UserName == "root";
    private readonly int port;

    public CrashPostgresServer()
    {
        if (!File.Exists(Path.Combine(PostgresServer.Bin, "initdb")))
        {
            throw new InvalidOperationException($"The outage tests need the PostgreSQL binaries in {PostgresServer.Bin} (a server of their own, stopped and started again).");
        }

        dir = Path.Combine(Path.GetTempPath(), "indicators-pg-outage-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        data = Path.Combine(dir, "data");
        if (root)
        {
            Run("chown", $"postgres {dir}");
        }

        Run(Path.Combine(PostgresServer.Bin, "initdb"), $"-D {data} -A trust -U postgres --no-sync -E UTF8 --locale C", root);
        for (var attempt = 1; ; attempt++)
        {
            port = FreePort();
            try
            {
                Start();
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
            }
        }

        Admin = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Timeout=5";
    }

    /// <summary>A connection string to the server's postgres database.</summary>
    public string Admin { get; }

    /// <summary>The postmaster's process id while it runs.</summary>
    public int? ProcessId { get; private set; }

    /// <summary>A new, empty database; its connection string.</summary>
    public string CreateDatabase()
    {
        var name = "outage_" + Guid.NewGuid().ToString("N")[..8];
        using (var c = new NpgsqlConnection(Admin))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {name}";
            cmd.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(Admin) { Database = name }.ConnectionString;
    }

    /// <summary>The server goes away: a fast shutdown, which ends every session as an administrator's stop does.</summary>
    public void Stop()
    {
        Run(Path.Combine(PostgresServer.Bin, "pg_ctl"), $"-D {data} -m fast -w -t 30 stop", root);
        ProcessId = null;
    }

    /// <summary>The server comes back on the same port, with the same data.</summary>
    public void Start()
    {
        Run(
            Path.Combine(PostgresServer.Bin, "pg_ctl"),
            $"-D {data} -l {dir}/log -w -t 60 -o \"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100\" start",
            root);
        ProcessId = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        if (ProcessId is { } pid)
        {
            try
            {
                Run(Path.Combine(PostgresServer.Bin, "pg_ctl"), $"-D {data} -m immediate -w -t 20 stop", root);
            }
            catch (InvalidOperationException)
            {
                try
                {
                    using var postmaster = Process.GetProcessById(pid);
                    postmaster.Kill(); // the postmaster, by process id, as a last resort
                    postmaster.WaitForExit(10_000);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                }
            }
        }

        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
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
