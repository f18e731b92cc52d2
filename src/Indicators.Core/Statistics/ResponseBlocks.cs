using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Indicators.Storage;

namespace Indicators.Statistics;

/// <summary>
/// A submission's accepted rows as the computation reads them, packed many rows to a block
/// (table <c>response_blocks</c>). Reading a row's twenty-odd result columns costs SQLite far more
/// than the computation itself; a block is one column for thousands of rows. The blocks are
/// written at a submission's first computation (from <c>responses</c>, which stays the record)
/// and read by every later one: each accepted import recomputes its whole quarter, so all but the
/// newest submission of the quarter are read from blocks.
/// <para>
/// A row is its values in select order: a number is a tag (0 blank, 1 a whole number 0–255 in the
/// next byte, 2 a little-endian double in the next eight), a text its UTF-8 length plus one (0
/// blank) then its bytes. Blocks are trusted only when their rows add up to the submission's
/// accepted rows; otherwise the rows are read from <c>responses</c> and the blocks written again.
/// </para>
/// </summary>
public static class ResponseBlocks
{
    /// <summary>The layout of the rows <paramref name="sql"/> selects: blocks of another select are never read for it.</summary>
    public static string Layout(string sql, bool[] isText) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sql + "|" + string.Concat(isText.Select(t => t ? 't' : 'n')))))[..32];

    /// <summary>
    /// Stores the blocks of the submissions a computation read from <c>responses</c>, in the
    /// transaction that stores its figures (which holds the write lock already).
    /// </summary>
    public static void Store(DbConnection connection, DbTransaction transaction, IEnumerable<SubmissionBlocks> list)
    {
        foreach (var s in list)
        {
            connection.Execute("DELETE FROM response_blocks WHERE submission_id = @Submission AND layout = @Layout", s, transaction);
            connection.Execute(
                "INSERT INTO response_blocks (submission_id, layout, block, rows, data) VALUES (@submission, @layout, @block, @rows, @data) ON CONFLICT DO NOTHING",
                s.Blocks.Select((b, i) => new { submission = s.Submission, layout = s.Layout, block = i, rows = b.Rows, data = b.Data }),
                transaction);
        }
    }
}

/// <summary>A submission's rows packed in blocks, to store.</summary>
public sealed record SubmissionBlocks(long Submission, string Layout, IReadOnlyList<(int Rows, byte[] Data)> Blocks);

/// <summary>Reads rows back from a submission's blocks, in row order.</summary>
public sealed class BlockRowSource : RowSource
{
    private readonly DbCommand command;
    private readonly DbDataReader reader;
    private byte[] data = [];
    private int position;
    private int rowsLeft;

    internal BlockRowSource(DbConnection connection, long submission, string layout, bool[] isText)
        : base(isText)
    {
        command = connection.CreateCommand();
        command.CommandText = "SELECT rows, data FROM response_blocks WHERE submission_id = @submission AND layout = @layout ORDER BY block";
        command.AddParameter("@submission", submission);
        command.AddParameter("@layout", layout);
        reader = command.ExecuteReader();
    }

    public override bool Next(double[] row)
    {
        while (rowsLeft == 0)
        {
            if (position != data.Length)
            {
                throw new InvalidDataException("A block of stored rows is longer than its rows: it cannot be read.");
            }

            if (!reader.Read())
            {
                return false;
            }

            rowsLeft = reader.GetInt32(0);
            data = (byte[])reader.GetValue(1);
            position = 0;
        }

        rowsLeft--;
        var span = data.AsSpan();
        var p = position;
        for (var i = 0; i < row.Length; i++)
        {
            int tag = span[p++];
            if (IsText[i])
            {
                row[i] = tag == 0 ? double.NaN : IndexOf(i, span.Slice(p, tag - 1));
                p += Math.Max(tag - 1, 0);
                continue;
            }

            switch (tag)
            {
                case 0:
                    row[i] = double.NaN;
                    break;
                case 1:
                    row[i] = span[p++];
                    break;
                case 2:
                    row[i] = BinaryPrimitives.ReadDoubleLittleEndian(span.Slice(p, 8));
                    p += 8;
                    break;
                default:
                    throw new InvalidDataException($"A block of stored rows holds an unknown tag {tag}: it cannot be read.");
            }
        }

        position = p;
        return true;
    }

    public override void Dispose()
    {
        reader.Dispose();
        command.Dispose();
    }
}

/// <summary>Packs the rows a computation reads from <c>responses</c> into blocks, for the next computation.</summary>
public sealed class BlockRecorder(bool[] isText)
{
    private const int MaxRows = 8192;
    private const int MaxBytes = 1 << 20;
    private const int MaxText = 254;
    private readonly List<(int Rows, byte[] Data)> blocks = [];
    private readonly List<byte[]>[] textBytes = isText.Select(_ => new List<byte[]>()).ToArray();
    private readonly int widestRow = isText.Sum(t => t ? 1 + MaxText : 9);
    private byte[] buffer = new byte[MaxBytes];
    private int length;
    private int rows;
    private bool failed;

    public void Add(double[] row, List<string>[] texts)
    {
        if (failed)
        {
            return;
        }

        if (length + widestRow > buffer.Length)
        {
            Cut();
        }

        for (var i = 0; i < row.Length; i++)
        {
            var v = row[i];
            if (double.IsNaN(v))
            {
                buffer[length++] = 0;
            }
            else if (isText[i])
            {
                var bytes = Bytes(i, (int)v, texts[i]);
                if (bytes.Length > MaxText)
                {
                    // A long text (not a code): these rows stay read from responses.
                    failed = true;
                    blocks.Clear();
                    return;
                }

                buffer[length++] = (byte)(bytes.Length + 1);
                bytes.CopyTo(buffer, length);
                length += bytes.Length;
            }
            else if (v >= 0 && v <= 255 && v == Math.Floor(v))
            {
                buffer[length++] = 1;
                buffer[length++] = (byte)v;
            }
            else
            {
                buffer[length++] = 2;
                BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(length, 8), v);
                length += 8;
            }
        }

        if (++rows == MaxRows || length >= MaxBytes - widestRow)
        {
            Cut();
        }
    }

    /// <summary>The blocks, when they hold exactly the submission's accepted rows (else null: not stored).</summary>
    public SubmissionBlocks? Finish(long submission, string layout, long rowsRead, long rowsAccepted)
    {
        Cut();
        buffer = [];
        if (failed || rowsRead == 0 || rowsRead != rowsAccepted || blocks.Sum(b => (long)b.Rows) != rowsRead)
        {
            return null;
        }

        return new SubmissionBlocks(submission, layout, [.. blocks]);
    }

    private byte[] Bytes(int column, int index, List<string> texts)
    {
        var known = textBytes[column];
        while (known.Count <= index)
        {
            known.Add(Encoding.UTF8.GetBytes(texts[known.Count]));
        }

        return known[index];
    }

    private void Cut()
    {
        if (rows > 0)
        {
            blocks.Add((rows, buffer.AsSpan(0, length).ToArray()));
        }

        length = rows = 0;
    }
}
