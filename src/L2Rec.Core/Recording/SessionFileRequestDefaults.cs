namespace L2Rec.Recording;

/// <summary>How data files are opened outside tests: unbuffered (the session buffers whole lines), readable by others.</summary>
internal static class SessionFileRequestDefaults
{
    public static Stream Open(string path, FileMode mode) =>
        new FileStream(path, mode, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
}
