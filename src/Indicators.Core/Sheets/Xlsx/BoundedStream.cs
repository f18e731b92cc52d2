namespace Indicators.Sheets.Xlsx;

/// <summary>
/// Counts what a zip entry inflates to and stops at the limits: the absolute size, and a
/// compression ratio no real sheet reaches (a zip bomb's signature). The declared sizes in the
/// zip are not trusted; the bytes actually produced are.
/// </summary>
internal sealed class BoundedStream(Stream inner, long compressedLength, ReaderLimits limits, long? maxBytes = null) : ReadOnlyWrapperStream(inner)
{
    private const long RatioGrace = 16L * 1024 * 1024;
    private readonly long ratioLimit = Math.Max(RatioGrace, compressedLength * limits.MaxCompressionRatio);
    private readonly long max = Math.Min(maxBytes ?? long.MaxValue, limits.MaxUncompressedBytes);
    private long produced;

    public override long Position
    {
        get => produced;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(Inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(Inner.Read(buffer));

    private int Count(int read)
    {
        produced += read;
        if (produced > max || produced > ratioLimit)
        {
            throw new SheetFileException("zip_bomb", new Dictionary<string, string>
            {
                ["max"] = $"{max / (1024 * 1024)} MB",
            });
        }

        return read;
    }
}
