namespace Indicators.Sheets.Xlsx;

/// <summary>
/// Stands between a part and <see cref="System.Xml.XmlReader"/>, which holds a whole tag (with its
/// attributes), comment, CDATA section or processing instruction in memory before it reports it: any
/// of them longer than <see cref="MaxMarkupBytes"/> stops the read. Text between tags is not counted
/// (the reader skips it piece by piece; the shared strings read it in chunks).
/// </summary>
internal sealed class MarkupGuardStream(Stream inner, string part) : ReadOnlyWrapperStream(inner)
{
    /// <summary>The same bound as the sheet scanner's on a tag: no real part comes near it.</summary>
    public const int MaxMarkupBytes = 1 << 20;

    private State state;
    private byte quote;
    private byte previous;
    private byte beforePrevious;
    private long length;

    private enum State
    {
        Text,
        Open,
        Tag,
        Quoted,
        Bang,
        Comment,
        CData,
        Declaration,
        Instruction,
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = Inner.Read(buffer);
        Scan(buffer[..n]);
        return n;
    }

    private void Scan(ReadOnlySpan<byte> bytes)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            if (state == State.Text)
            {
                var lt = bytes[i..].IndexOf((byte)'<');
                if (lt < 0)
                {
                    return;
                }

                i += lt + 1;
                state = State.Open;
                length = 1;
                previous = (byte)'<';
                beforePrevious = 0;
                continue;
            }

            var b = bytes[i++];
            if (++length > MaxMarkupBytes)
            {
                throw new SheetFileException("unreadable", new Dictionary<string, string>
                {
                    ["detail"] = $"{part}: an XML tag, comment or section longer than {MaxMarkupBytes / (1024 * 1024)} MB",
                });
            }

            switch (state)
            {
                case State.Open:
                    state = b switch
                    {
                        (byte)'!' => State.Bang,
                        (byte)'?' => State.Instruction,
                        (byte)'>' => State.Text,
                        _ => State.Tag,
                    };
                    break;
                case State.Tag when b is (byte)'"' or (byte)'\'':
                    quote = b;
                    state = State.Quoted;
                    break;
                case State.Tag when b == (byte)'>':
                    state = State.Text;
                    break;
                case State.Quoted when b == quote:
                    state = State.Tag;
                    break;

                // "<!--" opens a comment that only "-->" ends, "<![" a CDATA section that only "]]>"
                // ends; anything else (a DTD) is refused by the reader itself.
                case State.Bang:
                    state = b switch
                    {
                        (byte)'-' => State.Comment,
                        (byte)'[' => State.CData,
                        (byte)'>' => State.Text,
                        _ => State.Declaration,
                    };
                    break;
                case State.Comment when b == (byte)'>' && previous == '-' && beforePrevious == '-':
                case State.CData when b == (byte)'>' && previous == ']' && beforePrevious == ']':
                case State.Declaration when b == (byte)'>':
                case State.Instruction when b == (byte)'>' && previous == '?':
                    state = State.Text;
                    break;
            }

            beforePrevious = previous;
            previous = b;
        }
    }
}
