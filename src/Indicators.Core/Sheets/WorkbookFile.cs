namespace Indicators.Sheets;

/// <summary>Opens an uploaded file by what its bytes are, not by what its name claims.</summary>
public static class WorkbookFile
{
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    public static IWorkbookReader Open(string path, string fileName, ReaderLimits? limits = null)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            return Open(stream, fileName, limits);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public static IWorkbookReader Open(Stream stream, string fileName, ReaderLimits? limits = null)
    {
        Span<byte> head = stackalloc byte[8];
        var n = stream.ReadAtLeast(head, 8, throwOnEndOfStream: false);
        stream.Position = 0;
        if (n == 0)
        {
            throw new SheetFileException("no_header");
        }

        if (n >= 4 && head[..4].SequenceEqual(Zip))
        {
            return new Xlsx.XlsxWorkbookReader(stream, limits);
        }

        if (n == 8 && head.SequenceEqual(Ole))
        {
            RefuseOle(OleDirectory.Names(stream));
            return new XlsWorkbookReader(stream, limits);
        }

        if (LooksLikeText(stream))
        {
            return new CsvWorkbookReader(stream, Path.GetFileNameWithoutExtension(fileName), limits);
        }

        throw new SheetFileException("not_a_spreadsheet");
    }

    /// <summary>
    /// An OLE file is a legacy workbook only when it holds a Workbook (or Book) stream. Excel saves a
    /// password-protected .xlsx as an OLE file too. A VBA project is refused as in .xlsx files.
    /// </summary>
    private static void RefuseOle(HashSet<string>? names)
    {
        if (names is null)
        {
            return; // damaged: the legacy reader says how
        }

        if (names.Contains("EncryptedPackage") || names.Contains("EncryptionInfo"))
        {
            throw new SheetFileException("encrypted");
        }

        if (!names.Contains("Workbook") && !names.Contains("Book"))
        {
            throw new SheetFileException("not_a_spreadsheet");
        }

        if (names.Contains("_VBA_PROJECT_CUR"))
        {
            throw new SheetFileException("macro_enabled");
        }
    }

    private static bool LooksLikeText(Stream stream)
    {
        var buffer = new byte[8192];
        var n = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        for (var i = 0; i < n; i++)
        {
            var b = buffer[i];
            if (b == 0 || (b < 0x20 && b is not (byte)'\t' and not (byte)'\n' and not (byte)'\r' and not 0x0C))
            {
                return false;
            }
        }

        return true;
    }
}
