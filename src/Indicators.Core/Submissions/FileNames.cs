namespace Indicators.Submissions;

/// <summary>
/// A file name or batch label as a submission stores and shows it, whoever sent it (portal, API,
/// CLI, drop folder): the last segment of any path (either separator), without control characters
/// (NUL, escape sequences, line breaks) or the bidirectional overrides that make a name read
/// backwards, at most <see cref="MaxLength"/> characters.
/// </summary>
public static class FileNames
{
    public const int MaxLength = 200;

    /// <summary>The name to store; "upload" when nothing is left.</summary>
    public static string Safe(string? fileName)
    {
        var name = Clean(fileName ?? string.Empty);
        var slash = name.LastIndexOfAny(['/', '\\']);
        name = name[(slash + 1)..].Trim();

        // Keep the end: the extension says what the file is.
        name = name.Length > MaxLength ? name[^MaxLength..].TrimStart() : name;
        return name.Length == 0 || name is "." or ".." ? "upload" : name;
    }

    /// <summary>A batch label given by hand, cleaned the same way (it may hold a slash).</summary>
    public static string Label(string label)
    {
        var clean = Clean(label).Trim();
        return clean.Length > MaxLength ? clean[..MaxLength].TrimEnd() : clean;
    }

    private static string Clean(string text) =>
        string.Create(text.Length - text.Count(Unwanted), text, (span, source) =>
        {
            var i = 0;
            foreach (var c in source)
            {
                if (!Unwanted(c))
                {
                    span[i++] = c;
                }
            }
        });

    private static bool Unwanted(char c) => char.IsControl(c) || c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
