using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Indicators.Tests.Hostile;

/// <summary>
/// Writes a zip whose entries may be gigabytes of a repeated chunk without compressing gigabytes:
/// once flushed, the deflate stream of a chunk that follows the same chunk settles to the same bytes
/// (the decoder's window then holds the same 32 KB), so it is compressed a few times and written
/// <c>count</c> times; the CRC-32 of the repetition is combined, not computed byte by byte. The
/// result is an ordinary zip (sizes under 4 GB, no zip64) that any tool inflates to the full size.
/// </summary>
internal sealed class RawZipWriter(Stream output)
{
    /// <summary>How hard to compress: the fastest level keeps a repetitive part under the zip bomb ratio.</summary>
    public CompressionLevel Level { get; init; } = CompressionLevel.Optimal;

    private readonly List<(string Name, uint Crc, long Compressed, long Size, long Offset)> entries = [];

    public void AddRepeated(string name, byte[] prefix, byte[] chunk, long count, byte[] suffix)
    {
        var offset = output.Position;
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var size = prefix.Length + (chunk.Length * count) + suffix.Length;
        if (size >= uint.MaxValue)
        {
            throw new ArgumentException("An entry must stay under 4 GB (no zip64 here).", nameof(count));
        }

        var deflated = Deflate(prefix, chunk, count, suffix);
        var crc = Crc32.Combine(Crc32.Combine(Crc32.Of(prefix), Crc32.Repeat(chunk, count), chunk.Length * count), Crc32.Of(suffix), suffix.Length);
        var repeats = count - deflated.HeadChunks;
        var compressed = deflated.Head.Length + (deflated.Repeated.Length * repeats) + deflated.Tail.Length;

        Span<byte> header = stackalloc byte[30];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
        WriteCommon(header[4..], crc, compressed, size, nameBytes.Length);
        output.Write(header);
        output.Write(nameBytes);
        output.Write(deflated.Head);
        for (var i = 0; i < repeats; i++)
        {
            output.Write(deflated.Repeated);
        }

        output.Write(deflated.Tail);
        entries.Add((name, crc, compressed, size, offset));
    }

    public void Finish()
    {
        var start = output.Position;
        Span<byte> header = stackalloc byte[46];
        foreach (var (name, crc, compressed, size, offset) in entries)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            header.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 20);
            WriteCommon(header[6..], crc, compressed, size, nameBytes.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header[42..], (uint)offset);
            output.Write(header);
            output.Write(nameBytes);
        }

        Span<byte> end = stackalloc byte[22];
        end.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)(output.Position - start));
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)start);
        output.Write(end);
    }

    /// <summary>Version needed, flags, method (deflate), time, date, CRC, sizes, name length, extra length: the fields both headers share.</summary>
    private static void WriteCommon(Span<byte> at, uint crc, long compressed, long size, int nameLength)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(at, 20);
        BinaryPrimitives.WriteUInt16LittleEndian(at[2..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(at[4..], 8);
        BinaryPrimitives.WriteUInt16LittleEndian(at[6..], 0);
        BinaryPrimitives.WriteUInt16LittleEndian(at[8..], (45 << 9) | (7 << 5) | 1); // 2025-07-01
        BinaryPrimitives.WriteUInt32LittleEndian(at[10..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(at[14..], (uint)compressed);
        BinaryPrimitives.WriteUInt32LittleEndian(at[18..], (uint)size);
        BinaryPrimitives.WriteUInt16LittleEndian(at[22..], (ushort)nameLength);
        BinaryPrimitives.WriteUInt16LittleEndian(at[24..], 0);
    }

    /// <summary>
    /// The deflate stream of prefix + count × chunk + suffix as head (prefix and the first chunks),
    /// the bytes of one more chunk once the compressor has settled, and the tail (suffix and the end).
    /// </summary>
    private (byte[] Head, byte[] Repeated, long HeadChunks, byte[] Tail) Deflate(byte[] prefix, byte[] chunk, long count, byte[] suffix)
    {
        using var m = new MemoryStream();
        using var d = new DeflateStream(m, Level, leaveOpen: true);
        d.Write(prefix);
        if (count <= 8)
        {
            for (var i = 0; i < count; i++)
            {
                d.Write(chunk);
            }

            d.Write(suffix);
            d.Dispose();
            return (m.ToArray(), [], count, []);
        }

        // Each chunk after a flush starts from the same window; once two chunks in a row compress to
        // the same bytes, every later one does too.
        var marks = new List<long> { 0 };
        d.Flush();
        marks[0] = m.Length;
        for (var i = 1; i <= 8; i++)
        {
            d.Write(chunk);
            d.Flush();
            marks.Add(m.Length);
            if (i >= 2)
            {
                var all = m.GetBuffer();
                var previous = all.AsSpan((int)marks[i - 2], (int)(marks[i - 1] - marks[i - 2]));
                var last = all.AsSpan((int)marks[i - 1], (int)(marks[i] - marks[i - 1]));
                if (previous.SequenceEqual(last))
                {
                    var head = m.ToArray()[..(int)marks[i - 1]];
                    var repeated = last.ToArray();
                    var before = m.Length;
                    d.Write(suffix);
                    d.Dispose();
                    return (head, repeated, i - 1, m.ToArray()[(int)before..]);
                }
            }
        }

        throw new InvalidOperationException("the compressor did not settle: the chunk must be periodic and at least 32 KB");
    }

    /// <summary>CRC-32 (zip's polynomial), with zlib's way to combine the CRCs of two runs of bytes.</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = MakeTable();

        public static uint Of(ReadOnlySpan<byte> data)
        {
            var crc = 0xFFFFFFFFu;
            foreach (var b in data)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            return ~crc;
        }

        /// <summary>The CRC of <paramref name="count"/> copies of <paramref name="chunk"/>, by doubling.</summary>
        public static uint Repeat(byte[] chunk, long count)
        {
            uint result = 0;
            var power = Of(chunk);
            long powerLength = chunk.Length;
            for (var n = count; n > 0; n >>= 1)
            {
                if ((n & 1) != 0)
                {
                    result = Combine(result, power, powerLength);
                }

                power = Combine(power, power, powerLength);
                powerLength *= 2;
            }

            return result;
        }

        /// <summary>CRC of A then B from CRC(A), CRC(B) and B's length (zlib's crc32_combine).</summary>
        public static uint Combine(uint crc1, uint crc2, long length2)
        {
            if (length2 <= 0)
            {
                return crc1;
            }

            var even = new uint[32];
            var odd = new uint[32];
            odd[0] = 0xEDB88320u;
            var row = 1u;
            for (var n = 1; n < 32; n++)
            {
                odd[n] = row;
                row <<= 1;
            }

            Square(even, odd);
            Square(odd, even);
            do
            {
                Square(even, odd);
                if ((length2 & 1) != 0)
                {
                    crc1 = Times(even, crc1);
                }

                length2 >>= 1;
                if (length2 == 0)
                {
                    break;
                }

                Square(odd, even);
                if ((length2 & 1) != 0)
                {
                    crc1 = Times(odd, crc1);
                }

                length2 >>= 1;
            }
            while (length2 != 0);
            return crc1 ^ crc2;
        }

        private static uint Times(uint[] matrix, uint vector)
        {
            var sum = 0u;
            for (var i = 0; vector != 0; i++, vector >>= 1)
            {
                if ((vector & 1) != 0)
                {
                    sum ^= matrix[i];
                }
            }

            return sum;
        }

        private static void Square(uint[] square, uint[] matrix)
        {
            for (var n = 0; n < 32; n++)
            {
                square[n] = Times(matrix, matrix[n]);
            }
        }

        private static uint[] MakeTable()
        {
            var table = new uint[256];
            for (var i = 0u; i < 256; i++)
            {
                var c = i;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[i] = c;
            }

            return table;
        }
    }
}
