using System.Runtime.InteropServices;

namespace L2Rec.Recording;

/// <summary>
/// Raw reads that bypass .NET's own advisory locking: a file held with <c>FileShare.None</c> cannot be opened through
/// FileStream by anyone else, even to read the holder's PID written inside it.
/// </summary>
internal static partial class LibC
{
    private const int ReadOnly = 0;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    /// <summary>Up to <paramref name="max"/> bytes from the start of the file, or null when it cannot be read.</summary>
    public static unsafe byte[]? ReadHead(string path, int max)
    {
        int fd = Open(path, ReadOnly);
        if (fd < 0)
        {
            return null;
        }

        try
        {
            byte[] buffer = new byte[max];
            fixed (byte* p = buffer)
            {
                nint read = Read(fd, p, max);
                return read < 0 ? null : buffer[..(int)read];
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }
}
