using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Indicators.Cli.Commands;

/// <summary>
/// The portal started by <c>indicators load --start-portal</c>: <c>dotnet Indicators.Web.dll</c> on
/// 127.0.0.1 and a free port, on a SQLite database in a folder of its own, its output in
/// <c>portal.log</c> there; stopped by its process id (SIGTERM, then kill) on <see cref="Dispose"/>.
/// </summary>
internal sealed class LoadPortal : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Task pumps;

    private LoadPortal(Process process, StreamWriter log, Task pumps, Uri url, string logPath)
    {
        this.process = process;
        this.log = log;
        this.pumps = pumps;
        Url = url;
        LogPath = logPath;
    }

    public Uri Url { get; }

    public string LogPath { get; }

    /// <summary>
    /// The portal's program: <paramref name="given"/>, else <c>Indicators.Web.dll</c> next to this
    /// program, else the portal project's build output of the same configuration (or Release, or
    /// Debug) in a folder above this program.
    /// </summary>
    public static string FindDll(string? given)
    {
        if (given is not null)
        {
            return File.Exists(given) ? Path.GetFullPath(given) : throw new UsageException($"--portal-dll: no file {given}");
        }

        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var beside = Path.Combine(here.FullName, "Indicators.Web.dll");
        if (File.Exists(beside))
        {
            return beside;
        }

        var tfm = here.Name;
        var configurations = new[] { here.Parent?.Name, "Release", "Debug" }.OfType<string>().Distinct().ToList();
        for (var dir = here.Parent; dir is not null; dir = dir.Parent)
        {
            foreach (var configuration in configurations)
            {
                var candidate = Path.Combine(dir.FullName, "src", "Indicators.Web", "bin", configuration, tfm, "Indicators.Web.dll");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new UsageException("No Indicators.Web.dll next to this program or in src/Indicators.Web/bin above it: build the portal (dotnet build src/Indicators.Web -c Release) or give --portal-dll.");
    }

    public static LoadPortal Start(string dll, string folder, string database, string readyToken)
    {
        var logPath = Path.Combine(folder, "portal.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        for (var attempt = 1; ; attempt++)
        {
            // The free port may be taken between the look and the start: try another.
            var port = ThrowawayPostgres.FreePort();
            var url = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
            var host = Environment.ProcessPath is { } self && string.Equals(Path.GetFileNameWithoutExtension(self), "dotnet", StringComparison.OrdinalIgnoreCase) ? self : "dotnet";
            var start = new ProcessStartInfo(host)
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(dll);
            start.Environment["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/');
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["Indicators__Database"] = database;
            start.Environment["Indicators__Packs"] = Path.Combine(folder, "packs");
            start.Environment["Indicators__Inbox"] = Path.Combine(folder, "drop");
            start.Environment.Remove("INDICATORS_DB");
            start.Environment.Remove("INDICATORS_FILES");
            var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
            var pumps = Task.WhenAll(Pump(process.StandardOutput, log), Pump(process.StandardError, log));
            var portal = new LoadPortal(process, log, pumps, url, logPath);
            if (portal.WaitReady(readyToken, TimeSpan.FromSeconds(90)))
            {
                return portal;
            }

            portal.Stop();
            if (attempt == 3)
            {
                log.Dispose();
                throw new InvalidOperationException($"the portal did not answer on {url}; its output is in {logPath}:{Environment.NewLine}{Tail(logPath)}");
            }
        }
    }

    /// <summary>Kills the portal at once, by its process id (the load was interrupted).</summary>
    public void Kill()
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>The portal's peak working set so far (VmHWM), in bytes; null where /proc does not tell.</summary>
    public long? PeakWorkingSet()
    {
        var status = $"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/status";
        if (!File.Exists(status))
        {
            return null;
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return null;
    }

    public void Dispose()
    {
        Stop();
        log.Dispose();
        process.Dispose();
    }

    private void Stop()
    {
        if (process.HasExited)
        {
            return;
        }

        // SIGTERM first, by process id, so that the host stops its scheduler; then kill.
        using (var term = Process.Start(new ProcessStartInfo("kill", $"-TERM {process.Id.ToString(CultureInfo.InvariantCulture)}") { UseShellExecute = false }))
        {
            term?.WaitForExit();
        }

        if (!process.WaitForExit(15_000))
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        pumps.Wait(5_000);
    }

    private bool WaitReady(string token, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout && !process.HasExited)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/me");
                request.Headers.Authorization = new("Bearer", token);
                using var response = client.Send(request);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            Thread.Sleep(250);
        }

        return false;
    }

    private static async Task Pump(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }

    private static string Tail(string path) => string.Join(Environment.NewLine, File.ReadLines(path).TakeLast(20));
}
