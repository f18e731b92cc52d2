using System.Globalization;
using Indicators.Accounts;
using Indicators.Forms;
using Indicators.Geography;
using Indicators.Jobs;
using Indicators.Periods;
using Indicators.Storage;
using Indicators.Submissions;
using Quartz;

namespace Indicators.Web.Portal;

/// <summary>
/// What became of an upload: refused before anything was stored (<see cref="Problem"/> is the key
/// of a text, with its arguments and an HTTP status), or handed to the import (<see cref="Result"/>:
/// pending, or already final for a duplicate).
/// </summary>
public sealed record UploadOutcome(ImportResult? Result, string? Problem = null, int StatusCode = StatusCodes.Status200OK, params object?[] ProblemArgs)
{
    public static UploadOutcome Refused(string problem, int statusCode, params object?[] args) => new(null, problem, statusCode, args);
}

/// <summary>
/// One uploaded survey sheet, from the portal page or the API alike: only observatories (for their
/// own region, whatever the request says) and administrators may send; the file is checked
/// (size, type, content) before anything is stored, copied to a temporary file, recorded as a
/// pending submission, and the import job is asked to run it.
/// </summary>
public sealed class Uploads(Database database, PortalOptions options, ISchedulerFactory schedulers, TimeProvider time, ILogger<Uploads> logger)
{
    /// <summary>The quarters offered in the forms: the next one, the current one and the seven before, newest first.</summary>
    public static IReadOnlyList<Quarter> Quarters(TimeProvider time)
    {
        var current = Quarter.Of(DateOnly.FromDateTime(time.GetLocalNow().DateTime));
        var list = new List<Quarter> { current.Next, current };
        for (var i = 0; i < 7; i++)
        {
            list.Add(list[^1].Previous);
        }

        return list;
    }

    /// <summary>The quarter the forms select by default.</summary>
    public static Quarter CurrentQuarter(TimeProvider time) => Quarter.Of(DateOnly.FromDateTime(time.GetLocalNow().DateTime));

    /// <summary>
    /// Receives <paramref name="file"/> for <paramref name="account"/>. <paramref name="region"/> is
    /// used for administrators only (empty: the workbook's own metadata says); an observatory
    /// always sends for its own region.
    /// </summary>
    public async Task<UploadOutcome> Receive(UserAccount account, IFormFile file, string? region, string? quarter, string source, CancellationToken cancellation)
    {
        var target = account.IsAdmin ? Blank(region) : account.RegionCode;
        if (!(account.IsAdmin || (target is not null && account.CanUpload(target))))
        {
            return UploadOutcome.Refused("sub.upload.forbidden", StatusCodes.Status403Forbidden);
        }

        var name = UploadGuard.SafeName(file.FileName);
        var head = new byte[8];
        int headLength;
        await using (var peek = file.OpenReadStream())
        {
            headLength = await peek.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellation).ConfigureAwait(false);
        }

        if (UploadGuard.Check(name, file.Length, head.AsSpan(0, headLength), options.MaxUploadBytes) is { } problem)
        {
            logger.LogInformation("Upload {File} by user {User} refused: {Problem}", name, account.Id, problem);
            return problem switch
            {
                "upload.too_large" => UploadOutcome.Refused(problem, StatusCodes.Status413PayloadTooLarge, options.MaxUploadMegabytes),
                "upload.empty" => UploadOutcome.Refused(problem, StatusCodes.Status400BadRequest),
                _ => UploadOutcome.Refused(problem, StatusCodes.Status415UnsupportedMediaType),
            };
        }

        // The import reads a file by its path; its extension tells the reader which format.
        var temp = Path.Combine(Path.GetTempPath(), $"indicators-upload-{Guid.NewGuid():N}{Path.GetExtension(name).ToLowerInvariant()}");
        try
        {
            await using (var input = file.OpenReadStream())
            await using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await input.CopyToAsync(output, cancellation).ConfigureAwait(false);
            }

            var import = new ImportSubmission(database, FormDefinition.Default, Reference.Default, Messages.Default, time);
            var result = import.Receive(new ImportRequest(temp, name, target, Blank(quarter)) { Source = source, UploadedBy = account.Id });
            if (result is { Status: SubmissionStatus.Pending, SubmissionId: { } id })
            {
                var scheduler = await schedulers.GetScheduler(cancellation).ConfigureAwait(false);
                JobTriggers.FireForSubmission(scheduler, id);
            }

            logger.LogInformation("Upload {File} by user {User} ({Source}): submission {Id} {Status}", name, account.Id, source, result.SubmissionId, result.Status);
            return new UploadOutcome(result);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
