using System.Security.Cryptography;

namespace Indicators.Storage;

/// <summary>
/// Original uploads, kept byte for byte under their SHA-256 (<c>files/ab/abcdef…</c>). A file is
/// written to a temporary name and moved into place; an existing file is never overwritten.
/// </summary>
public sealed class FileStore(string root)
{
    public string Root => root;

    public StoredFile Save(Stream source, long maxBytes)
    {
        Directory.CreateDirectory(root);
        var temp = Path.Combine(root, $".incoming-{Guid.NewGuid():N}");
        string sha;
        long size = 0;
        try
        {
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[1 << 16];
                int n;
                while ((n = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    size += n;
                    if (size > maxBytes)
                    {
                        throw new FileTooLargeException(maxBytes);
                    }

                    hash.AppendData(buffer, 0, n);
                    output.Write(buffer, 0, n);
                }

                output.Flush(flushToDisk: true);
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            var final = PathOf(sha);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            if (File.Exists(final))
            {
                File.Delete(temp);
            }
            else
            {
                File.Move(temp, final);
            }

            return new StoredFile(sha, size, final);
        }
        catch
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }

            throw;
        }
    }

    public string PathOf(string sha256) => Path.Combine(root, sha256[..2], sha256);
}

public sealed record StoredFile(string Sha256, long Size, string Path);

public sealed class FileTooLargeException(long maxBytes) : Exception($"The file is larger than {maxBytes} bytes.")
{
    public long MaxBytes => maxBytes;
}
