using Indicators.Forms;
using Indicators.Geography;
using Indicators.Periods;
using Indicators.Submissions;

namespace Indicators.Cli.Commands;

/// <summary>What a load client sends, and so what the portal must answer in the end.</summary>
internal enum UploadKind
{
    /// <summary>A clean sheet: accepted, every row.</summary>
    Good,

    /// <summary>5 % of rows (up to 20 % in short sheets, so that some row is wrong) with a typical mistake: accepted with errors.</summary>
    WithErrors,

    /// <summary>80 % of rows wrong: rejected (too many errors), nothing stored.</summary>
    TooManyErrors,

    /// <summary>A workbook cut short (no zip directory): rejected as unreadable.</summary>
    Damaged,

    /// <summary>The very bytes of an accepted, still active sheet, sent again: a duplicate, answered at once.</summary>
    Duplicate,
}

/// <summary>
/// The sheets the load clients send: generated on the fly, each good one with respondent ids of its
/// own (so that all of a quarter's sheets can be accepted side by side) and a file name of its own
/// (so none supersedes another).
/// </summary>
internal static class LoadSheets
{
    /// <summary>The order each client follows, from an offset of its own: half good sheets, a fifth duplicates.</summary>
    public static readonly UploadKind[] Cycle =
    [
        UploadKind.Good, UploadKind.WithErrors, UploadKind.Good, UploadKind.Duplicate, UploadKind.Good,
        UploadKind.TooManyErrors, UploadKind.Good, UploadKind.Duplicate, UploadKind.Good, UploadKind.Damaged,
    ];

    public static string ExpectedStatus(UploadKind kind) => kind switch
    {
        UploadKind.Good => SubmissionStatus.Accepted,
        UploadKind.WithErrors => SubmissionStatus.AcceptedWithErrors,
        UploadKind.Duplicate => SubmissionStatus.Duplicate,
        _ => SubmissionStatus.Rejected,
    };

    /// <summary>The four quarters before the current one: every interview date is in the past.</summary>
    public static IReadOnlyList<Quarter> Quarters()
    {
        var q = Quarter.Of(DateOnly.FromDateTime(DateTime.UtcNow)).Previous;
        return [q, q.Previous, q.Previous.Previous, q.Previous.Previous.Previous];
    }

    /// <summary>The fewest rows per sheet for which each kind ends as it must (some row wrong at 20 %, most rows wrong at 80 %) but for odds under 1 in 10,000.</summary>
    public const int MinRows = 50;

    public static byte[] Make(UploadKind kind, Region region, Quarter quarter, int rows, int seed, string idPrefix)
    {
        var errorRate = kind switch
        {
            UploadKind.WithErrors => Math.Clamp(20.0 / rows, 0.05, 0.2),
            UploadKind.TooManyErrors => 0.8,
            _ => 0.0,
        };
        using var buffer = new MemoryStream();
        new SampleSheet(FormDefinition.Default).Write(buffer, region, quarter, new SampleSheet.Options(rows, seed, errorRate, IdPrefix: idPrefix));
        var bytes = buffer.ToArray();
        return kind == UploadKind.Damaged ? bytes[..(bytes.Length * 6 / 10)] : bytes;
    }
}
