using System.Security.Cryptography;
using Dapper;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Statistics;
using Indicators.Storage;
using Indicators.Submissions;
using Indicators.Submissions.Validation;

namespace Indicators.Inbox;

/// <summary>What became of one dropped file. <see cref="Region"/> is the HCP code, or the folder name when it names no region.</summary>
public sealed record DropResult(string File, string Region, string Quarter, string Status, long? SubmissionId, string MovedTo);

/// <summary>
/// The drop-folder use case: every settled file in <c>inbox/&lt;region&gt;/&lt;quarter&gt;/</c> is
/// imported (source <c>inbox</c>, batch label = the file name without extension, so a corrected
/// file of the same name supersedes the earlier one) and moved to <c>processed/</c> or
/// <c>rejected/</c> under the same region slug and quarter, with <c>&lt;name&gt;.errors.json</c> beside it.
/// A file directly in a region folder is rejected for want of a quarter; files loose in
/// <c>inbox/</c> and deeper folders are left alone.
/// <para>
/// A file is taken when two scans saw the same size and last-write time and it is
/// <see cref="Settle"/> old. Observations live in this instance only: after a restart every file
/// waits one more scan, never taken at first sight (a stalled network copy can look old).
/// </para>
/// <para>
/// Exactly once: a crash after the import but before the move leaves the file in the inbox and a
/// completed <c>inbox</c> submission of the same region, quarter, file name and SHA-256 created
/// after the file was last written; the next scan finds it, writes its report from the database
/// and moves the file without importing again. A crash during the import leaves a
/// <c>pending</c> submission with no rows (its transaction never committed): the next scan, on
/// this node or another, completes that same submission (<see cref="ImportSubmission.Resume"/>).
/// Scans must not overlap (a <c>[DisallowConcurrentExecution]</c> job, clustered across nodes).
/// </para>
/// </summary>
public sealed class DropFolder(Database database, string root, TimeProvider? clock = null, ImportOptions? options = null)
{
    public const string Source = "inbox";

    private readonly TimeProvider clock = clock ?? TimeProvider.System;
    private readonly ImportOptions options = options ?? new ImportOptions();
    private readonly ErrorFactory errors = new(Messages.Default);
    private readonly Dictionary<string, (long Size, DateTime Written)> seen = new(StringComparer.Ordinal);

    /// <summary>Files seen in the inbox and not yet taken (still settling): a caller may scan again soon.</summary>
    public int Waiting => seen.Count;

    /// <summary>How long a file must have been left unwritten (by its last-write time) before it is taken.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Test hook: called with the inbox path after the report is written, before the file is moved.</summary>
    internal Action<string>? BeforeMove { get; init; }

    /// <summary>Creates <c>inbox/&lt;slug&gt;/</c> for every region, <c>processed/</c> and <c>rejected/</c>.</summary>
    public static void EnsureLayout(string root)
    {
        foreach (var region in Reference.Default.Regions)
        {
            Directory.CreateDirectory(Path.Combine(root, "inbox", region.Slug));
        }

        Directory.CreateDirectory(Path.Combine(root, "processed"));
        Directory.CreateDirectory(Path.Combine(root, "rejected"));
    }

    /// <summary>
    /// Takes every settled file, then recomputes the quarters that gained accepted rows. A file
    /// that fails stays in the inbox for the next scan; the others are still taken, and the
    /// failures are thrown together at the end.
    /// </summary>
    public IReadOnlyList<DropResult> Scan(CancellationToken ct = default)
    {
        var results = new List<DropResult>();
        var failures = new List<Exception>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var drop in Drops(new DirectoryInfo(Path.Combine(root, "inbox"))))
        {
            ct.ThrowIfCancellationRequested();
            present.Add(drop.File.FullName);
            if (!IsSettled(drop.File))
            {
                continue;
            }

            try
            {
                results.Add(Take(drop));
                seen.Remove(drop.File.FullName);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failures.Add(new InvalidOperationException($"{drop.File.FullName} was not taken; it stays in the inbox: {e.Message}", e));
            }
        }

        foreach (var gone in seen.Keys.Where(k => !present.Contains(k)).ToList())
        {
            seen.Remove(gone);
        }

        var quarters = results.Where(r => r.Status is SubmissionStatus.Accepted or SubmissionStatus.AcceptedWithErrors)
            .Select(r => Quarter.Parse(r.Quarter)).Distinct().ToList();
        try
        {
            if (quarters.Count > 0)
            {
                // As the CLI does after an accepted import; a recovered file recomputes too, in case the crash came first.
                ComputeIndicators.Run(database, quarters, clock: clock);
            }
        }
        catch (Exception e)
        {
            failures.Add(e);
        }

        return failures.Count == 0 ? results : throw new AggregateException("The drop folder scan did not take every file.", failures);
    }

    private sealed record Drop(FileInfo File, string RegionFolder, string? QuarterFolder);

    private static IEnumerable<Drop> Drops(DirectoryInfo inbox)
    {
        if (!inbox.Exists)
        {
            yield break;
        }

        foreach (var region in Folders(inbox))
        {
            foreach (var file in Files(region))
            {
                yield return new Drop(file, region.Name, null);
            }

            foreach (var quarter in Folders(region))
            {
                foreach (var file in Files(quarter))
                {
                    yield return new Drop(file, region.Name, quarter.Name);
                }
            }
        }
    }

    private static IEnumerable<DirectoryInfo> Folders(DirectoryInfo dir) =>
        dir.EnumerateDirectories().Where(d => !d.Name.StartsWith('.')).OrderBy(d => d.Name, StringComparer.Ordinal);

    private static IEnumerable<FileInfo> Files(DirectoryInfo dir) =>
        dir.EnumerateFiles().Where(f => !Ignored(f.Name)).OrderBy(f => f.Name, StringComparer.Ordinal);

    /// <summary>Hidden files, Office lock files, downloads and copies in progress, and our own reports.</summary>
    private static bool Ignored(string name) =>
        name.StartsWith('.') || name.StartsWith("~$", StringComparison.Ordinal)
        || new[] { ".tmp", ".part", ".partial", ".crdownload", ".errors.json" }.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    private bool IsSettled(FileInfo file)
    {
        var now = (file.Length, file.LastWriteTimeUtc);
        var settled = seen.TryGetValue(file.FullName, out var before) && before == now
            && clock.GetUtcNow() - new DateTimeOffset(now.LastWriteTimeUtc, TimeSpan.Zero) >= Settle;
        seen[file.FullName] = now;
        return settled;
    }

    private DropResult Take(Drop drop)
    {
        var file = drop.File;
        var region = Reference.Default.FindRegion(drop.RegionFolder);
        Quarter? quarter = Quarter.TryParse(drop.QuarterFolder, out var q) ? q : null;
        var batch = Path.GetFileNameWithoutExtension(file.Name);
        ImportResult result;
        if (region is null || quarter is null)
        {
            result = FolderRejected(drop, region, quarter, batch);
        }
        else
        {
            string sha;
            using (var stream = file.OpenRead())
            {
                sha = Convert.ToHexStringLower(SHA256.HashData(stream));
            }

            var import = new ImportSubmission(database, FormDefinition.Default, Reference.Default, Messages.Default, clock, options);
            result = AlreadyImported(region, quarter.Value, sha, file)
                ?? (LeftPending(region, quarter.Value, sha, file) is { } pending
                    ? import.Resume(pending)
                    : import.Run(new ImportRequest(file.FullName, file.Name, region.Code, quarter.Value.ToString(), batch) { Source = Source }));
        }

        var folder = Path.Combine(root, result.IsRejected ? "rejected" : "processed", region?.Slug ?? drop.RegionFolder, quarter?.ToString() ?? drop.QuarterFolder ?? string.Empty);
        var movedTo = Move(file, folder, ImportJson.Write(result, Lang.Fr, file.Name, allLanguages: true, indented: true));
        return new DropResult(file.FullName, region?.Code ?? drop.RegionFolder, quarter?.ToString() ?? drop.QuarterFolder ?? string.Empty, result.Status, result.SubmissionId, movedTo);
    }

    private ImportResult FolderRejected(Drop drop, Region? region, Quarter? quarter, string batch)
    {
        var reasons = new List<ImportError>();
        if (region is null)
        {
            var regions = Reference.Default.Regions;
            reasons.Add(errors.File("region_missing", new Dictionary<string, LocalizedText>
            {
                ["given"] = ErrorFactory.Same(drop.RegionFolder),
                ["codes"] = new(
                    string.Join(", ", regions.Select(r => $"{r.Slug} ({r.Code} {r.Name.Fr})")),
                    string.Join("، ", regions.Select(r => $"{r.Code} {r.Name.Ar}")),
                    string.Join(", ", regions.Select(r => $"{r.Slug} ({r.Code} {r.Name.En})"))),
            }));
        }

        if (quarter is null)
        {
            reasons.Add(errors.File("quarter_missing", new Dictionary<string, LocalizedText> { ["given"] = ErrorFactory.Same(drop.QuarterFolder ?? string.Empty) }));
        }

        return new ImportResult { Status = SubmissionStatus.Rejected, RegionCode = region?.Code, Quarter = quarter?.ToString(), BatchLabel = batch, Errors = reasons };
    }

    /// <summary>The submission an earlier scan (on this node or one that died) left pending for this very file, if any.</summary>
    private long? LeftPending(Region region, Quarter quarter, string sha, FileInfo file)
    {
        using var connection = database.Connect();
        return connection.QueryFirstOrDefault<long?>(
            """
            SELECT id FROM submissions
            WHERE region_code = @region AND quarter = @quarter AND sha256 = @sha AND source = @source AND file_name = @name
                AND status = 'pending' AND created_at >= @since
            ORDER BY id DESC LIMIT 1
            """,
            new { region = region.Code, quarter = quarter.ToString(), sha, source = Source, name = file.Name, since = SubmissionStore.Iso(file.LastWriteTimeUtc) });
    }

    /// <summary>
    /// The result of an earlier scan that imported this very file and crashed before moving it, if any.
    /// "Created after the file was last written" tells that crash from the same bytes dropped again
    /// later (which goes through <see cref="ImportSubmission"/>: a duplicate, or a revert of a superseded batch).
    /// </summary>
    private ImportResult? AlreadyImported(Region region, Quarter quarter, string sha, FileInfo file)
    {
        using var connection = database.Connect();
        var id = connection.QueryFirstOrDefault<long?>(
            """
            SELECT id FROM submissions
            WHERE region_code = @region AND quarter = @quarter AND sha256 = @sha AND source = @source AND file_name = @name
                AND status <> 'pending' AND created_at >= @since
            ORDER BY id DESC LIMIT 1
            """,
            new { region = region.Code, quarter = quarter.ToString(), sha, source = Source, name = file.Name, since = SubmissionStore.Iso(file.LastWriteTimeUtc) });
        if (id is null || new SubmissionStore(connection).Get(id.Value) is not { } s)
        {
            return null;
        }

        return new ImportSubmission(database, FormDefinition.Default, Reference.Default, Messages.Default, clock, options).Stored(s.Id);
    }

    /// <summary>
    /// Writes the report (temp name, then rename), then renames the file beside it. A name is free
    /// when no file holds it; a report without its file is what a crash between the two renames
    /// leaves, and is replaced.
    /// </summary>
    private string Move(FileInfo file, string folder, byte[] report)
    {
        Directory.CreateDirectory(folder);
        var stem = Path.GetFileNameWithoutExtension(file.Name);
        var target = Path.Combine(folder, file.Name);
        for (var n = 2; File.Exists(target) || Directory.Exists(target); n++)
        {
            target = Path.Combine(folder, $"{stem} ({n}){file.Extension}");
        }

        var temp = Path.Combine(folder, $".{Guid.NewGuid():N}.errors.json.tmp");
        using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            output.Write(report);
            output.Flush(flushToDisk: true);
        }

        File.Move(temp, target + ".errors.json", overwrite: true);
        BeforeMove?.Invoke(file.FullName);
        File.Move(file.FullName, target);
        return target;
    }
}
