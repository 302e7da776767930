using System.Runtime.CompilerServices;

namespace L2Rec.Tests.Support;

/// <summary>A per-test folder under the temp directory, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    private TempFolder(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
    }

    public string Path { get; }

    public static TempFolder ForCaller([CallerMemberName] string caller = "") =>
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "l2rec-tests", $"{caller}-{Guid.NewGuid():N}"[..Math.Min(caller.Length + 9, 60)]));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
