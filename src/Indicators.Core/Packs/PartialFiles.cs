using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Indicators.Packs;

/// <summary>
/// The temporary files a pack is written to before it takes its name:
/// <c>&lt;pack&gt;.zip.&lt;guid&gt;.&lt;pid&gt;@&lt;host&gt;.partial</c>. One left by a process that died
/// (<c>kill -9</c>, a power cut) is removed at the next build: at once when that process is known
/// to be gone from this machine, otherwise once it has not been written for an hour (a pack is
/// written from memory in well under a second, so no build on another node still holds it).
/// </summary>
internal static partial class PartialFiles
{
    public static readonly TimeSpan Abandoned = TimeSpan.FromHours(1);

    public static string NameFor(string zipPath) =>
        string.Create(CultureInfo.InvariantCulture, $"{zipPath}.{Guid.NewGuid():N}.{Environment.ProcessId}@{Environment.MachineName}.partial");

    /// <summary>Deletes the stale temporary packs of <paramref name="directory"/>; returns how many.</summary>
    public static int RemoveStale(string directory)
    {
        var removed = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "*.partial"))
        {
            try
            {
                if (IsStale(path))
                {
                    File.Delete(path);
                    removed++;
                }
            }
            catch (IOException)
            {
                // gone meanwhile (another node cleaning too), or not ours to delete: the next build tries again
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return removed;
    }

    private static bool IsStale(string path)
    {
        var written = File.GetLastWriteTimeUtc(path);
        if (DateTime.UtcNow - written > Abandoned)
        {
            return true;
        }

        var m = Pattern().Match(Path.GetFileName(path));
        if (!m.Success || m.Groups["host"].Value != Environment.MachineName || !int.TryParse(m.Groups["pid"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (pid == Environment.ProcessId)
        {
            return false; // a build of this process (another thread) is writing it
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            // The id was reused by a process started after the file was last written.
            return process.HasExited || process.StartTime.ToUniversalTime() > written;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return false; // cannot tell: leave it to the age rule
        }
    }

    [GeneratedRegex(@"\.zip\.[0-9a-f]{32}\.(?<pid>[0-9]+)@(?<host>.+)\.partial$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
