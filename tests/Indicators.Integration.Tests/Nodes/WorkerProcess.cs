using System.Diagnostics;
using Dapper;
using Indicators.Storage;

namespace Indicators.Tests.Nodes;

/// <summary>A real <c>indicators worker</c> in a child process; stopped (or killed) by process id.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process process;

    public WorkerProcess(string folder, string db, string inbox, string node)
    {
        Name = node;
        Log = Path.Combine(folder, node + ".log");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "indicators.dll"), "worker", "--db", db, "--inbox", inbox, "--packs", Path.Combine(folder, "packs"), "--node", node })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["NO_COLOR"] = "1";
        process = Process.Start(start)!;
        var log = new StreamWriter(Log) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Log { get; }

    /// <summary>The node's name in the job history.</summary>
    public string Name { get; }

    /// <summary>Whether <see cref="Kill"/> ended it.</summary>
    public bool Killed { get; private set; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        Killed = true;
        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            Kill();
        }

        process.Dispose();
    }

    /// <summary>Waits until <paramref name="done"/> holds, or fails with the workers' logs.</summary>
    public static void WaitFor(Func<bool> done, TimeSpan timeout, string what, params WorkerProcess[] workers) => WaitFor(done, timeout, () => what, workers);

    public static void WaitFor(Func<bool> done, TimeSpan timeout, Func<string> what, params WorkerProcess[] workers)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > timeout)
            {
                var logs = string.Join("\n", workers.Select(w => $"--- {w.Log}\n" + (File.Exists(w.Log) ? string.Join("\n", File.ReadLines(w.Log).TakeLast(30)) : string.Empty)));
                throw new TimeoutException($"{what()}: not after {timeout.TotalSeconds} s.\n{logs}");
            }

            Thread.Sleep(250);
        }
    }

    public static long Count(Database db, string sql, object? args = null)
    {
        using var c = db.Connect();
        return c.ExecuteScalar<long>(sql, args);
    }
}
