using System.Buffers.Binary;
using System.Text;
using Indicators.Forms;
using Npgsql;

namespace Indicators.Storage;

/// <summary>
/// Accepted rows into PostgreSQL by binary COPY, the fastest way in, encoded here straight into
/// the COPY stream's bytes (PostgreSQL's documented binary format: a header, then per row the
/// field count and each field as a length and its bytes, big-endian): bigint for integers and
/// yes/no, double precision for decimals, UTF-8 text for the rest, as the columns are declared.
/// Npgsql's importer costs a type resolution and a call per value, which on two cores took CPU
/// the server's COPY needs. A COPY holds the connection, so <see cref="Flush"/> ends it before
/// errors are written. Runs on the connection and inside the transaction it is given.
/// </summary>
public sealed class PostgresResponseWriter : IResponseWriter
{
    private const int FlushAt = 1 << 16;
    // "PGCOPY\n\377\r\n\0", then 32-bit flags (no OIDs) and a 32-bit header extension length, both 0.
    private static readonly byte[] Header = [.. "PGCOPY\n"u8, 0xFF, .. "\r\n"u8, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);
    private readonly NpgsqlConnection connection;
    private readonly string copy;
    private readonly FormField[] columns;
    private readonly FormField[] extras;
    private readonly short fieldCount;
    private NpgsqlRawCopyStream? stream;
    private bool faulted;
    private byte[] buffer = new byte[FlushAt * 2];
    private int used;

    public PostgresResponseWriter(NpgsqlConnection connection, System.Data.Common.DbTransaction transaction, FormDefinition form)
    {
        this.connection = connection;
        var layout = ResponseColumns.Of(connection, transaction, form);
        (columns, extras) = (layout.Columns, layout.Extras);
        var names = layout.Names;
        fieldCount = checked((short)names.Count);
        copy = $"COPY responses ({string.Join(", ", names)}) FROM STDIN (FORMAT BINARY)";
    }

    public void Insert(long submission, int row, ReadOnlySpan<FieldValue> values)
    {
        try
        {
            Encode(submission, row, values);
        }
        catch
        {
            // A row half in the buffer must never reach the server as if whole: Flush refuses, Dispose cancels.
            faulted = true;
            throw;
        }
    }

    private void Encode(long submission, int row, ReadOnlySpan<FieldValue> values)
    {
        if (stream is null)
        {
            stream = connection.BeginRawBinaryCopy(copy);
            Header.CopyTo(buffer, 0);
            used = Header.Length;
        }

        Reserve(2 + (2 * 12));
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(used), fieldCount);
        used += 2;
        Int64(submission);
        Int64(row);
        foreach (var f in columns)
        {
            var v = values[f.Index];
            if (!v.HasValue)
            {
                Length(-1);
                continue;
            }

            switch (f.Type)
            {
                case FieldType.Date:
                    Reserve(4 + 10);
                    Length(10);
                    IsoDates.Write(v.Date, buffer.AsSpan(used, 10));
                    used += 10;
                    break;
                case FieldType.Integer or FieldType.YesNo:
                    Int64((long)v.Number);
                    break;
                case FieldType.Decimal:
                    Reserve(12);
                    Length(8);
                    BinaryPrimitives.WriteDoubleBigEndian(buffer.AsSpan(used), v.Number);
                    used += 8;
                    break;
                default:
                    Text(v.Text!);
                    break;
            }
        }

        if (extras.Length > 0)
        {
            Text(ResponseWriter.ExtrasJson(extras, values));
        }

        if (used >= FlushAt)
        {
            Send();
        }
    }

    /// <summary>Ends the COPY under way (its trailer, then the server's answer), if any.</summary>
    public void Flush()
    {
        if (stream is null)
        {
            return;
        }

        if (faulted)
        {
            throw new InvalidOperationException("A row failed to encode: this COPY can only be cancelled.");
        }

        Reserve(2);
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(used), -1);
        used += 2;
        Send();
        var done = stream;
        stream = null;
        done.Dispose();
    }

    /// <summary>Cancels a COPY still open (a failure on the way): only <see cref="Flush"/> completes one.</summary>
    public void Dispose()
    {
        if (stream is not null)
        {
            try
            {
                stream.Cancel();
            }
            catch (Exception e) when (e is NpgsqlException or PostgresException or IOException or InvalidOperationException)
            {
                // Cancelling on a broken connection fails too; the failure that led here is the one to report.
            }
            finally
            {
                stream.Dispose();
                stream = null;
            }
        }
    }

    /// <summary>A field's length, −1 for NULL (its bytes follow).</summary>
    private void Length(int length)
    {
        Reserve(4);
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(used), length);
        used += 4;
    }

    private void Int64(long value)
    {
        Reserve(12);
        Length(8);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(used), value);
        used += 8;
    }

    private void Text(string text)
    {
        Reserve(4 + StrictUtf8.GetMaxByteCount(text.Length));
        var length = StrictUtf8.GetBytes(text, buffer.AsSpan(used + 4));
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(used), length);
        used += 4 + length;
    }

    /// <summary>Room for <paramref name="bytes"/> more: what is written goes to the server first, and a value larger than the buffer grows it.</summary>
    private void Reserve(int bytes)
    {
        if (buffer.Length - used >= bytes)
        {
            return;
        }

        Send();
        if (buffer.Length < bytes)
        {
            buffer = new byte[bytes];
        }
    }

    private void Send()
    {
        stream!.Write(buffer, 0, used);
        used = 0;
    }
}
