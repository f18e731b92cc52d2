using System.Diagnostics;

namespace Indicators.Tests.Cli;

/// <summary>Runs the real <c>indicators</c> program in a child process.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(string workingDirectory, IDictionary<string, string>? env, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "indicators.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(dll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("indicators " + string.Join(' ', args));
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
