using System.Runtime.CompilerServices;

namespace L2Rec.IntegrationTests.Support;

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
        new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "l2rec-it", caller.Length > 40 ? caller[..40] : caller, Guid.NewGuid().ToString("N")[..8]));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The data files of a symbol, oldest day first (a run on the real clock may cross UTC midnight).</summary>
    public string[] DataFiles(string symbol) =>
        [.. Directory.GetFiles(Path, $"l2_{symbol.Replace("/", string.Empty, StringComparison.Ordinal)}_*.jsonl").Order(StringComparer.Ordinal)];

    /// <summary>The one data file of a symbol; tests that need it do not straddle midnight by more than their runtime.</summary>
    public string DataFile(string symbol) => DataFiles(symbol) is { Length: > 0 } files ? files[^1] : File("missing.jsonl");

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
