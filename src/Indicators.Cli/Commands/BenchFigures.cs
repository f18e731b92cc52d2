using System.Diagnostics;
using System.Text.Json;

namespace Indicators.Cli.Commands;

/// <summary>What <c>bench import --json</c> prints: seconds of each stage on the same sheet (null when not run).</summary>
internal sealed record ImportFigures(
    int Rows,
    double SheetMegabytes,
    double? FloorSeconds,
    double? ReadSeconds,
    double? ValidateSeconds,
    double? ImportSeconds,
    string? Status,
    int RowsAccepted,
    PostgresFigures? Postgres,
    long PeakWorkingSetBytes);

/// <summary>The import into PostgreSQL beside its floor, a bare binary COPY of the same rows.</summary>
internal sealed record PostgresFigures(double CopySeconds, double ImportSeconds, string Status, int RowsAccepted);

/// <summary>What <c>bench compute --json</c> prints: best-of-three seconds of each stage on the same database.</summary>
internal sealed record ComputeFigures(
    int Rows,
    double FloorSeconds,
    double ReadSeconds,
    double NativeReadSeconds,
    double FirstSeconds,
    double SequentialSeconds,
    double ComputeSeconds,
    double StoreSeconds,
    double PacksSeconds,
    int Values,
    int Cores,
    long PeakWorkingSetBytes);

/// <summary>What <c>bench drop --json</c> prints: seconds from a sheet landing in the drop folder to its submission accepted, per sheet.</summary>
internal sealed record DropFigures(int Rows, IReadOnlyList<double> Seconds, double MedianSeconds, double WorstSeconds, long PeakWorkingSetBytes);

/// <summary>The JSON the benchmark commands print and read back (camelCase, one object).</summary>
internal static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Print<T>(T figures) => Console.WriteLine(JsonSerializer.Serialize(figures, Options));

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidOperationException("empty benchmark output");

    /// <summary>This process's high-water mark of resident memory (VmHWM on Linux).</summary>
    public static long PeakWorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
