namespace Indicators.Sheets.Xlsx;

/// <summary>Peeks at the first bytes of a forward-only stream (to tell UTF-16 from UTF-8) without losing them.</summary>
internal sealed class BufferedPrefixStream : ReadOnlyWrapperStream
{
    private readonly byte[] prefix = new byte[4];
    private readonly int prefixLength;
    private int prefixPos;

    public BufferedPrefixStream(Stream inner)
        : base(inner)
    {
        prefixLength = inner.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
    }

    /// <summary>UTF-16 (little or big endian, by BOM or by a zero byte beside '&lt;'), or null for UTF-8.</summary>
    public System.Text.Encoding? Utf16 => prefixLength < 2 ? null
        : (prefix[0] == 0xFF && prefix[1] == 0xFE) || (prefix[0] == (byte)'<' && prefix[1] == 0) ? System.Text.Encoding.Unicode
        : (prefix[0] == 0xFE && prefix[1] == 0xFF) || (prefix[0] == 0 && prefix[1] == (byte)'<') ? System.Text.Encoding.BigEndianUnicode
        : null;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (prefixPos < prefixLength)
        {
            var n = Math.Min(buffer.Length, prefixLength - prefixPos);
            prefix.AsSpan(prefixPos, n).CopyTo(buffer);
            prefixPos += n;
            return n;
        }

        return Inner.Read(buffer);
    }
}
