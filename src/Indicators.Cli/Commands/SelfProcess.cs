using System.Diagnostics;
using System.Text;

namespace Indicators.Cli.Commands;

/// <summary>
/// Runs this very program (<c>indicators</c>, through the apphost or <c>dotnet indicators.dll</c>,
/// as it was started) in a child process: a benchmark stage alone in its process has a peak
/// working set of its own. Standard output is captured; standard error is passed through as it comes.
/// </summary>
internal static class SelfProcess
{
    public static (int Exit, string Out) Run(IReadOnlyList<string> args, TimeSpan timeout, IDictionary<string, string>? environment = null)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("  | " + e.Data);
            }
        };
        process.Start();
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"indicators {string.Join(' ', args)} took longer than {timeout}");
        }

        process.WaitForExit(); // the error stream drained
        return (process.ExitCode, stdout.GetAwaiter().GetResult());
    }
}
