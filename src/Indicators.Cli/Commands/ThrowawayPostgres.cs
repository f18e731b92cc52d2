using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Indicators.Cli.Commands;

/// <summary>
/// A throwaway PostgreSQL server: Debian's binaries in <see cref="Bin"/>, a temp data folder of
/// its own, 127.0.0.1 on a free port, durability off (fsync, synchronous commit and full-page
/// writes), as the <c>postgres</c> user (through runuser) when run as root. It can be stopped and
/// started again on the same port with the same data (the database going away), and is stopped on
/// <see cref="Dispose"/> (by its postmaster's process id if pg_ctl cannot), its folder removed.
/// <c>indicators bench</c> starts one when no <c>--pg</c> is given; the tests link this file
/// for theirs.
/// </summary>
internal sealed class ThrowawayPostgres : IDisposable
{
    public const string Bin = "/usr/lib/postgresql/15/bin";

    private const string Prefix = "indicators-pg-";

    private readonly string folder;
    private readonly string data;
    private readonly bool asPostgres = Environment.UserName == "root";
    private readonly int maxConnections;
    private int disposed;

    private ThrowawayPostgres(string folder, int maxConnections)
    {
        this.folder = folder;
        this.maxConnections = maxConnections;
        data = Path.Combine(folder, "data");
    }

    /// <summary>A connection string to the server's <c>postgres</c> database, as the superuser.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres";

    public int Port { get; private set; }

    /// <summary>The postmaster's process id while it runs.</summary>
    public int? ProcessId { get; private set; }

    /// <summary>Why no server can be started here, or null when one can.</summary>
    public static string? Unavailable() =>
        File.Exists(Path.Combine(Bin, "initdb")) && File.Exists(Path.Combine(Bin, "pg_ctl")) ? null : $"no PostgreSQL binaries in {Bin} (apt-get install postgresql-15)";

    public static ThrowawayPostgres Start(int maxConnections = 100)
    {
        if (Unavailable() is { } why)
        {
            throw new InvalidOperationException("No throwaway PostgreSQL server: " + why + ".");
        }

        RemoveAbandoned();
        var server = new ThrowawayPostgres(Path.Combine(Path.GetTempPath(), Prefix + Guid.NewGuid().ToString("N")[..8]), maxConnections);
        Directory.CreateDirectory(server.folder);
        try
        {
            if (server.asPostgres)
            {
                Run("chown", $"postgres {server.folder}", false);
            }

            Run(Path.Combine(Bin, "initdb"), $"-D {server.data} -A trust -U postgres --no-sync -E UTF8 --locale C", server.asPostgres);
            for (var attempt = 1; ; attempt++)
            {
                // The free port may be taken between the look and the start: try another.
                server.Port = FreePort();
                try
                {
                    server.Restart();
                    return server;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Removes the folders of earlier servers whose postmaster is gone: a test host may be ended
    /// before its exit handler has removed its server's folder (about 125 MB each). A folder is
    /// left alone while its postmaster runs, and for ten minutes after its last change (a server
    /// being set up has no postmaster yet, one stopped to be started again none for a while).
    /// </summary>
    private static void RemoveAbandoned()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), Prefix + "*"))
        {
            try
            {
                // The log is written at every start and stop: a server stopped a minute ago to be
                // started again (the database going away) is recent.
                var log = Path.Combine(dir, "log");
                var changed = File.Exists(log) ? File.GetLastWriteTimeUtc(log) : Directory.GetLastWriteTimeUtc(dir);
                if (changed > DateTime.UtcNow.AddMinutes(-10) || Directory.GetLastWriteTimeUtc(dir) > DateTime.UtcNow.AddMinutes(-10))
                {
                    continue;
                }

                var pidFile = Path.Combine(dir, "data", "postmaster.pid");
                if (File.Exists(pidFile)
                    && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                    && Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}"))
                {
                    continue;
                }

                Directory.Delete(dir, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // another process's, or going away: left as it is
            }
        }
    }

    /// <summary>A new, empty database; its connection string (<paramref name="options"/> appended).</summary>
    public string CreateDatabase(string prefix = "t_", string options = "")
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..12];
        using (var c = new NpgsqlConnection(ConnectionString))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = $"CREATE DATABASE {name}";
            cmd.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString + ";" + options) { Database = name }.ConnectionString;
    }

    /// <summary>The server goes away: a fast shutdown, which ends every session as an administrator's stop does.</summary>
    public void Stop()
    {
        Run(Path.Combine(Bin, "pg_ctl"), $"-D {data} -m fast -w -t 30 stop", asPostgres);
        ProcessId = null;
    }

    /// <summary>Starts the server (again: on the same port, with the same data).</summary>
    public void Restart()
    {
        Run(
            Path.Combine(Bin, "pg_ctl"),
            $"-D {data} -l {folder}/log -w -t 60 -o \"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections={maxConnections.ToString(CultureInfo.InvariantCulture)}\" start",
            asPostgres);
        ProcessId = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        if (ProcessId is { } pid)
        {
            try
            {
                Run(Path.Combine(Bin, "pg_ctl"), $"-D {data} -m immediate -w -t 20 stop", asPostgres);
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
                    // already gone
                }
            }
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"could not remove {folder}: {e.Message}");
        }
    }

    /// <summary>A TCP port free on 127.0.0.1 now (the portal of <c>indicators load</c> takes one too).</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static void Run(string file, string args, bool asPostgres)
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
