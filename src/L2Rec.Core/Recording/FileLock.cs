using System.Globalization;
using System.Text;

namespace L2Rec.Recording;

/// <summary>
/// One writer per data file. The lock is an exclusive advisory lock (flock, taken by .NET for FileShare.None) on a
/// hidden sidecar <c>.{name}.lock</c> that holds the owner's PID. The kernel drops it when the process dies, so a
/// lock left by a killed recorder never blocks a restart. The sidecar is never deleted: deleting a lock file opens a
/// race in which two processes lock two different inodes of the same name.
/// </summary>
public sealed class FileLock : IDisposable
{
    private readonly FileStream _stream;

    private FileLock(string lockPath, FileStream stream)
    {
        LockPath = lockPath;
        _stream = stream;
    }

    public string LockPath { get; }

    public static string LockPathFor(string dataPath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dataPath))!, "." + Path.GetFileName(dataPath) + ".lock");

    /// <summary>Takes the lock at once or throws <see cref="FileLockedException"/> naming the holder.</summary>
    public static FileLock Acquire(string dataPath, int pid)
    {
        string lockPath = LockPathFor(dataPath);
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (IOException) when (File.Exists(lockPath))
        {
            throw new FileLockedException(dataPath, ReadHolderPid(lockPath));
        }

        try
        {
            byte[] text = Encoding.ASCII.GetBytes(pid.ToString(CultureInfo.InvariantCulture) + "\n");
            stream.SetLength(0);
            stream.Write(text);
            stream.Flush();
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return new FileLock(lockPath, stream);
    }

    /// <summary>True when a live process holds the lock of <paramref name="dataPath"/>.</summary>
    public static bool IsHeld(string dataPath, out int? holderPid)
    {
        holderPid = null;
        string lockPath = LockPathFor(dataPath);
        if (!File.Exists(lockPath))
        {
            return false;
        }

        try
        {
            using FileStream probe = new(lockPath, FileMode.Open, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
            return false;
        }
        catch (IOException)
        {
            holderPid = ReadHolderPid(lockPath);
            return true;
        }
    }

    private static int? ReadHolderPid(string lockPath)
    {
        // The winner of a simultaneous start may not have written its PID yet: give it a moment.
        for (int attempt = 0; attempt < 20; attempt++)
        {
            byte[]? head = LibC.ReadHead(lockPath, 32);
            if (head is not null && int.TryParse(Encoding.ASCII.GetString(head).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid > 0)
            {
                return pid;
            }

            Thread.Sleep(10);
        }

        return null;
    }

    public void Dispose() => _stream.Dispose();
}
