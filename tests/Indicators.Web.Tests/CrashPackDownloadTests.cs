using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using Indicators.Accounts;

namespace Indicators.Web.Tests;

/// <summary>
/// What a pack build killed half way leaves in the packs folder (a <c>.partial</c> file) is never
/// listed or served: the download serves the whole zip, or builds it (removing the dead
/// process's temporary file), and leaves alone a build in progress.
/// </summary>
public sealed class CrashPackDownloadTests(IndicatorsPortal portal) : IClassFixture<IndicatorsPortal>
{
    [Fact]
    public async Task A_half_written_pack_is_never_offered_and_a_dead_builds_file_is_cleaned()
    {
        var client = await portal.SignIn(portal.AddUser(Roles.Planner));
        Directory.CreateDirectory(portal.PacksDirectory);

        // A build killed while writing Béni Mellal-Khénifra's French pack: half a zip under a temporary name, no pack.
        var whole = portal.BuildPack("05", "2025Q3", Lang.Ar);
        var bytes = await File.ReadAllBytesAsync(whole.ZipPath);
        var dead = Path.Combine(portal.PacksDirectory, $"beni-mellal-khenifra-2025Q3-fr.zip.{Guid.NewGuid():N}.{DeadProcess()}@{Environment.MachineName}.partial");
        await File.WriteAllBytesAsync(dead, bytes[..(bytes.Length / 2)]);
        var live = Path.Combine(portal.PacksDirectory, $"beni-mellal-khenifra-2025Q3-ar.zip.{Guid.NewGuid():N}.{Environment.ProcessId}@{Environment.MachineName}.partial");
        await File.WriteAllBytesAsync(live, bytes[..(bytes.Length / 2)]);

        Assert.DoesNotContain(".partial", await client.GetStringAsync("/packs"), StringComparison.Ordinal);

        var response = await client.GetAsync("/packs/download?region=05&quarter=2025Q3&lang=fr");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("beni-mellal-khenifra-2025Q3-fr.zip", response.Content.Headers.ContentDisposition!.FileName);
        using (var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync())))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "manifest.json");
            Assert.Contains(zip.Entries, e => e.FullName == "beni-mellal-khenifra-2025Q3-fr.xlsx" && e.Length > 0);
        }

        Assert.False(File.Exists(dead)); // the dead process's file went with the build

        // The Arabic pack, whole, is served as it is, beside the temporary file of a build in progress.
        Assert.Equal(bytes, await client.GetByteArrayAsync("/packs/download?region=05&quarter=2025Q3&lang=ar"));
        Assert.True(File.Exists(live));
        File.Delete(live);
    }

    private static int DeadProcess()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }
}
