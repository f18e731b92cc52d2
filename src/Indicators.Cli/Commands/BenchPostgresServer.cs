using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Indicators.Cli.Commands;

/// <summary>
/// A throwaway PostgreSQL for <c>indicators bench</c> when no <c>--pg</c> is given, started as the
/// integration tests start theirs: Debian's binaries in <see cref="Bin"/>, a data folder of its own,
/// 127.0.0.1 on a free port, as the <c>postgres</c> user (through runuser) when run as root;
/// stopped (and its folder removed) on <see cref="Dispose"/>, by its postmaster's process id if
/// pg_ctl cannot.
/// </summary>
internal sealed class BenchPostgresServer : IDisposable
{
    public const string Bin = "/usr/lib/postgresql/15/bin";

    private readonly string folder;
    private readonly bool asPostgres;
    private readonly int pid;
    private int disposed;

    private BenchPostgresServer(string folder, bool asPostgres, int pid, string connectionString)
    {
        this.folder = folder;
        this.asPostgres = asPostgres;
        this.pid = pid;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>Why no server can be started here, or null when one can.</summary>
    public static string? Unavailable() =>
        File.Exists(Path.Combine(Bin, "initdb")) && File.Exists(Path.Combine(Bin, "pg_ctl")) ? null : $"no PostgreSQL binaries in {Bin} (apt-get install postgresql-15), and no --pg given";

    public static BenchPostgresServer Start()
    {
        var root = Environment.UserName == "root";
        var dir = Path.Combine(Path.GetTempPath(), "indicators-bench-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var data = Path.Combine(dir, "data");
        try
        {
            if (root)
            {
                Run("chown", $"postgres {dir}", false);
            }

            Run(Path.Combine(Bin, "initdb"), $"-D {data} -A trust -U postgres --no-sync -E UTF8 --locale C", root);
            int port;
            for (var attempt = 1; ; attempt++)
            {
                // The free port may be taken between the look and the start: try another.
                port = FreePort();
                try
                {
                    // Durability off as in the tests: the floor (COPY) and the import see the same server.
                    Run(
                        Path.Combine(Bin, "pg_ctl"),
                        $"-D {data} -l {dir}/log -w -t 60 -o \"-p {port} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off\" start",
                        root);
                    break;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }

            var pid = int.Parse(File.ReadLines(Path.Combine(data, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            return new BenchPostgresServer(dir, root, pid, $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres");
        }
        catch
        {
            TryDelete(dir);
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        try
        {
            Run(Path.Combine(Bin, "pg_ctl"), $"-D {Path.Combine(folder, "data")} -m fast -w -t 30 stop", asPostgres);
        }
        catch (InvalidOperationException)
        {
            try
            {
                using var postmaster = Process.GetProcessById(pid);
                postmaster.Kill();
                postmaster.WaitForExit(10_000);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }

        TryDelete(folder);
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"could not remove {dir}: {e.Message}");
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
