using System.IO.Compression;
using System.Xml;

namespace Indicators.Sheets.Xlsx;

/// <summary>
/// Reads .xlsx (transitional and strict) with one <see cref="XmlReader"/> pass over each part,
/// straight from the zip: no DOM, no Open XML SDK package. Elements are matched by local name so
/// both namespaces work. DTDs are refused, uncompressed sizes are bounded.
/// </summary>
public sealed class XlsxWorkbookReader : IWorkbookReader
{
    /// <summary>More sheets, or relationships in one part, than any real workbook has: a file made to exhaust memory.</summary>
    private const int MaxSheets = 4096;
    private const int MaxRelationships = 65_536;

    /// <summary>
    /// The workbook, relationship and styles parts hold names and formats, a few KB (tens of MB in a
    /// workbook bloated with styles): past this they are taken for a bomb.
    /// </summary>
    private const long MaxSmallPartBytes = 64L * 1024 * 1024;
    private readonly ZipArchive zip;
    private readonly ReaderLimits limits;
    private readonly List<(SheetInfo Info, string Path)> sheets = [];
    private readonly string[] sharedStrings;
    private readonly bool[] dateStyles;

    public XlsxWorkbookReader(Stream stream, ReaderLimits? limits = null)
    {
        this.limits = limits ?? ReaderLimits.Default;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
        }
        catch (InvalidDataException e)
        {
            throw new SheetFileException("unreadable", Detail("not a valid zip archive"), e);
        }

        try
        {
            var workbookPath = FindWorkbookPath();
            var rels = ReadRelationships(RelsPathOf(workbookPath), DirectoryOf(workbookPath));
            RefuseMacros(rels);
            ReadWorkbook(workbookPath, rels);
            var sst = rels.Values.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal));
            sharedStrings = sst is null ? [] : SharedStringsReader.Read(OpenXmlPart(sst.Target, small: false), this.limits);
            var styles = rels.Values.FirstOrDefault(r => r.Type.EndsWith("/styles", StringComparison.Ordinal));
            dateStyles = styles is null ? [] : StylesReader.ReadDateStyles(OpenXmlPart(styles.Target));
        }
        catch (XmlException e)
        {
            zip.Dispose();
            throw XmlProblem(e);
        }
        catch (InvalidDataException e)
        {
            zip.Dispose();
            throw new SheetFileException("unreadable", Detail(e.Message), e);
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    public IReadOnlyList<SheetInfo> Sheets => sheets.ConvertAll(s => s.Info);

    public bool Date1904 { get; private set; }

    /// <summary>The byte scanner reads UTF-8, which is what Excel, LibreOffice and openpyxl write; a UTF-16 part is transcoded first.</summary>
    public ISheetReader OpenSheet(int index)
    {
        var (info, path) = sheets[index];
        var part = new BufferedPrefixStream(OpenPart(path));
        Stream utf8 = part.Utf16 is { } encoding ? System.Text.Encoding.CreateTranscodingStream(part, encoding, System.Text.Encoding.UTF8) : part;
        return new SheetXmlScanner(utf8, info.Name, sharedStrings, dateStyles, limits);
    }

    public void Dispose() => zip.Dispose();

    internal static XmlReader CreateXmlReader(Stream stream, XmlNameTable? names = null) =>
        XmlReader.Create(stream, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CheckCharacters = false,
            CloseInput = true,
            NameTable = names,
        });

    internal static SheetFileException XmlProblem(XmlException e) =>
        e.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
            ? new SheetFileException("forbidden_dtd", null, e)
            : new SheetFileException("unreadable", Detail("XML: " + e.Message), e);

    private static Dictionary<string, string> Detail(string detail) => new() { ["detail"] = detail };

    /// <summary>A part read with <see cref="XmlReader"/>: no tag, comment or section may be longer than 1 MB.</summary>
    private MarkupGuardStream OpenXmlPart(string path, bool small = true) => new(OpenPart(path, small ? MaxSmallPartBytes : null), path);

    private Stream OpenPart(string path, long? maxBytes = null)
    {
        var entry = zip.GetEntry(path) ?? zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, path, StringComparison.OrdinalIgnoreCase))
            ?? throw new SheetFileException("unreadable", Detail($"part {path} is missing"));
        return new BoundedStream(entry.Open(), entry.CompressedLength, limits, maxBytes);
    }

    private string FindWorkbookPath()
    {
        if (zip.GetEntry("_rels/.rels") is null)
        {
            if (zip.GetEntry("EncryptedPackage") is not null)
            {
                throw new SheetFileException("encrypted");
            }

            throw new SheetFileException("not_a_spreadsheet");
        }

        var rels = ReadRelationships("_rels/.rels", string.Empty);
        var office = rels.Values.FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal));
        if (office is null || zip.GetEntry(office.Target) is null)
        {
            throw new SheetFileException("not_a_spreadsheet");
        }

        return office.Target;
    }

    private void ReadWorkbook(string workbookPath, Dictionary<string, Relationship> rels)
    {
        using var xml = CreateXmlReader(OpenXmlPart(workbookPath));
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (xml.LocalName == "workbookPr")
            {
                var d = xml.GetAttribute("date1904");
                Date1904 = d is "1" or "true";
            }
            else if (xml.LocalName == "sheet")
            {
                var name = xml.GetAttribute("name") ?? $"Sheet{sheets.Count + 1}";
                var state = xml.GetAttribute("state");
                string? id = null;
                for (var i = 0; i < xml.AttributeCount; i++)
                {
                    xml.MoveToAttribute(i);
                    if (xml.LocalName == "id" && xml.Prefix.Length > 0)
                    {
                        id = xml.Value;
                    }
                }

                xml.MoveToElement();
                if (id is not null && rels.TryGetValue(id, out var rel) && rel.Type.EndsWith("/worksheet", StringComparison.Ordinal))
                {
                    sheets.Add((new SheetInfo(name, state is "hidden" or "veryHidden"), rel.Target));
                    if (sheets.Count > MaxSheets)
                    {
                        throw new SheetFileException("unreadable", Detail($"more than {MaxSheets} sheets"));
                    }
                }
            }
        }
    }

    private Dictionary<string, Relationship> ReadRelationships(string relsPath, string baseDir)
    {
        var result = new Dictionary<string, Relationship>(StringComparer.Ordinal);
        if (zip.GetEntry(relsPath) is null)
        {
            return result;
        }

        using var xml = CreateXmlReader(OpenXmlPart(relsPath));
        while (xml.Read())
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Relationship")
            {
                var id = xml.GetAttribute("Id");
                var target = xml.GetAttribute("Target");
                if (id is null || target is null || xml.GetAttribute("TargetMode") == "External")
                {
                    continue;
                }

                result[id] = new Relationship(xml.GetAttribute("Type") ?? string.Empty, Resolve(baseDir, target));
                if (result.Count > MaxRelationships)
                {
                    throw new SheetFileException("unreadable", Detail($"more than {MaxRelationships} relationships in {relsPath}"));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// A workbook with a VBA project or Excel 4.0 macro sheets is refused, whatever its name: the
    /// original is kept and offered for download, and survey data never needs macros.
    /// </summary>
    private void RefuseMacros(Dictionary<string, Relationship> rels)
    {
        var macros = rels.Values.Any(r => r.Type.EndsWith("/vbaProject", StringComparison.OrdinalIgnoreCase)
                || r.Type.Contains("macrosheet", StringComparison.OrdinalIgnoreCase))
            || zip.Entries.Any(e => e.FullName.EndsWith("vbaProject.bin", StringComparison.OrdinalIgnoreCase));
        if (macros)
        {
            throw new SheetFileException("macro_enabled");
        }
    }

    private static string Resolve(string baseDir, string target)
    {
        if (target.StartsWith('/'))
        {
            return target[1..];
        }

        var parts = new List<string>(baseDir.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var part in target.Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (part is not "." and not "")
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }

    private static string DirectoryOf(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : string.Empty;

    private static string RelsPathOf(string path)
    {
        var dir = DirectoryOf(path);
        var file = path[(path.LastIndexOf('/') + 1)..];
        return (dir.Length > 0 ? dir + "/" : string.Empty) + "_rels/" + file + ".rels";
    }

    private sealed record Relationship(string Type, string Target);
}
