namespace Indicators.Submissions;

/// <summary>A submission as stored: one uploaded file for one region and quarter.</summary>
public sealed record Submission
{
    public long Id { get; init; }

    public string RegionCode { get; init; } = string.Empty;

    public string Quarter { get; init; } = string.Empty;

    public string BatchLabel { get; init; } = string.Empty;

    public string FileName { get; init; } = string.Empty;

    public string Sha256 { get; init; } = string.Empty;

    public long SizeBytes { get; init; }

    public string Status { get; init; } = string.Empty;

    public bool IsActive { get; init; }

    public long? SupersededBy { get; init; }

    public long? DuplicateOf { get; init; }

    public string? SheetName { get; init; }

    public int RowsRead { get; init; }

    public int RowsAccepted { get; init; }

    public int RowsRejected { get; init; }

    public string CreatedAt { get; init; } = string.Empty;

    public string? CompletedAt { get; init; }
}

public static class SubmissionStatus
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string AcceptedWithErrors = "accepted_with_errors";
    public const string Rejected = "rejected";
    public const string Duplicate = "duplicate";
}
