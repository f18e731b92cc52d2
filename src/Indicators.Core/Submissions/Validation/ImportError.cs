namespace Indicators.Submissions.Validation;

/// <summary>
/// One problem found in an upload: a row error (rejects the row), a file error (rejects the file,
/// <see cref="Row"/> is null) or a warning. <see cref="Column"/> is the header as written in the file.
/// </summary>
public sealed record ImportError(
    string Code,
    string? Sheet,
    int? Row,
    int? ColumnIndex,
    string? Column,
    string? Field,
    string? Value,
    LocalizedText Message,
    bool IsWarning = false)
{
    public bool IsFileError => Row is null && !IsWarning;
}
