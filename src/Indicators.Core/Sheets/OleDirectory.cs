using System.Buffers.Binary;

namespace Indicators.Sheets;

/// <summary>
/// The names in an OLE compound file's directory (MS-CFB), to tell what the container holds before a
/// reader is chosen: a legacy workbook (<c>Workbook</c> or <c>Book</c>), a password-protected .xlsx
/// (<c>EncryptionInfo</c>, <c>EncryptedPackage</c>), macros (<c>_VBA_PROJECT_CUR</c>), or something else.
/// Every sector number is checked against the file's length and every chain is bounded, so a
/// damaged file cannot loop or run away.
/// </summary>
internal static class OleDirectory
{
    private const uint LastSpecial = 0xFFFFFFFA;

    /// <summary>The names of every storage and stream, or null when the directory cannot be read (the reader then says what is wrong).</summary>
    public static HashSet<string>? Names(Stream stream)
    {
        try
        {
            return Read(stream);
        }
        catch (Exception e) when (e is IOException or ArgumentException or InvalidDataException)
        {
            return null;
        }
        finally
        {
            stream.Position = 0;
        }
    }

    private static HashSet<string>? Read(Stream stream)
    {
        var header = new byte[512];
        stream.Position = 0;
        stream.ReadExactly(header);
        var shift = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30));
        if (shift is not (9 or 12))
        {
            return null;
        }

        var size = 1 << shift;
        var sectors = (stream.Length / size) - 1;
        var fatCount = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(44));
        var firstDirectory = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(48));
        var difat = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(68));
        if (fatCount > sectors)
        {
            return null;
        }

        // The FAT's own sectors: 109 in the header, the rest in a chain of DIFAT sectors.
        var fat = new List<uint>();
        for (var i = 0; i < 109 && fat.Count < fatCount; i++)
        {
            fat.Add(BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(76 + (4 * i))));
        }

        var sector = new byte[size];
        for (var hops = 0; fat.Count < fatCount && difat < LastSpecial; hops++)
        {
            if (hops > sectors || !ReadSector(stream, difat, sector, sectors))
            {
                return null;
            }

            for (var i = 0; i < (size / 4) - 1 && fat.Count < fatCount; i++)
            {
                fat.Add(BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(4 * i)));
            }

            difat = BinaryPrimitives.ReadUInt32LittleEndian(sector.AsSpan(size - 4));
        }

        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entry = firstDirectory;
        for (var hops = 0; entry < LastSpecial; hops++)
        {
            if (hops > sectors || !ReadSector(stream, entry, sector, sectors))
            {
                return null;
            }

            for (var e = 0; e < size / 128; e++)
            {
                var raw = sector.AsSpan(e * 128, 128);
                var length = BinaryPrimitives.ReadUInt16LittleEndian(raw[64..]);
                if (raw[66] is 1 or 2 or 5 && length is >= 2 and <= 64)
                {
                    names.Add(System.Text.Encoding.Unicode.GetString(raw[..(length - 2)]));
                }
            }

            entry = Next(stream, fat, entry, size, sectors);
        }

        return names;
    }

    private static uint Next(Stream stream, List<uint> fat, uint sector, int size, long sectors)
    {
        var perSector = (uint)(size / 4);
        var index = (int)(sector / perSector);
        if (index >= fat.Count || fat[index] >= sectors)
        {
            throw new InvalidDataException("a sector outside the FAT");
        }

        Span<byte> value = stackalloc byte[4];
        stream.Position = ((fat[index] + 1L) * size) + (4L * (sector % perSector));
        stream.ReadExactly(value);
        return BinaryPrimitives.ReadUInt32LittleEndian(value);
    }

    private static bool ReadSector(Stream stream, uint sector, byte[] buffer, long sectors)
    {
        if (sector >= sectors)
        {
            return false;
        }

        stream.Position = (sector + 1L) * buffer.Length;
        stream.ReadExactly(buffer);
        return true;
    }
}
