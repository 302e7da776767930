namespace L2Rec.Recording;

/// <summary>Another running recorder holds the file; exit code 3.</summary>
public sealed class FileLockedException(string path, int? holderPid)
    : Exception(holderPid is int pid
        ? $"{Path.GetFileName(path)} is being recorded by another l2rec (PID {pid}); stop it first or use another --data-dir"
        : $"{Path.GetFileName(path)} is being recorded by another l2rec; stop it first or use another --data-dir")
{
    public string FilePath { get; } = path;

    public int? HolderPid { get; } = holderPid;
}
