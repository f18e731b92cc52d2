namespace Indicators.Web.Portal;

/// <summary>
/// First look at an upload before anything is stored: a size within the limit, a name ending in
/// .xlsx, .xls or .csv, and content that is what the name says (a zip for .xlsx, an OLE compound
/// file for .xls, text for .csv). The import's own readers check the rest (zip bombs, entities).
/// </summary>
public static class UploadGuard
{
    public static readonly IReadOnlyList<string> Extensions = [".xlsx", ".xls", ".csv"];

    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>Null when the upload may go on; else the key of the text that says why not.</summary>
    public static string? Check(string fileName, long length, ReadOnlySpan<byte> head, long maxBytes)
    {
        if (length == 0)
        {
            return "upload.empty";
        }

        if (length > maxBytes)
        {
            return "upload.too_large";
        }

        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!Extensions.Contains(extension))
        {
            return "upload.bad_type";
        }

        var ok = extension switch
        {
            ".xlsx" => head.StartsWith(Zip),
            // An encrypted .xlsx is an OLE file too: the import reports it as encrypted.
            ".xls" => head.StartsWith(Ole),
            _ => !head.Contains((byte)0) && !head.StartsWith(Zip) && !head.StartsWith(Ole),
        };
        return ok || (extension == ".xlsx" && head.StartsWith(Ole)) ? null : "upload.content_mismatch";
    }

    /// <summary>A file name safe to show and to store: the last path segment, without control characters, at most 200 characters.</summary>
    public static string SafeName(string? fileName)
    {
        var name = Path.GetFileName((fileName ?? string.Empty).Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length > 200)
        {
            name = name[^200..];
        }

        return name.Length == 0 ? "upload" : name;
    }
}
