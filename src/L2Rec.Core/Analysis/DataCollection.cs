using System.Text;
using System.Text.RegularExpressions;
using L2Rec.Exchanges;

namespace L2Rec.Analysis;

/// <summary>
/// The data files of a collection: those in the data dir itself and those in its immediate subfolders (the exchange
/// folders, <c>{data-dir}/{exchange}/</c>; every subfolder but <c>legacy/</c> and hidden ones), each with the exchange
/// it belongs to. A file's exchange is the one its first lines name (<c>"exchange":"…"</c>); a file that names none
/// (empty, or ccxt-shaped) takes the one the other files of its symbol in its folder name, else its folder's: a
/// subfolder's own name, or for the data dir itself the exchange whose default data folder it is (the one whose
/// files live in the data dir itself, unless the data dir is named after an exchange's folder).
/// </summary>
public static partial class DataCollection
{
    /// <summary>Where merge moves the fragments it has merged; never read as part of the collection.</summary>
    public const string LegacyFolder = "legacy";

    // The first lines are enough: a session start or a book line names its exchange.
    private const int PeekBytes = 64 * 1024;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex ExchangeName();

    /// <summary>
    /// The collection's files, optionally of one symbol token and one exchange (case-insensitive), ordered by exchange,
    /// symbol, folder, date and fragment time.
    /// </summary>
    public static List<DataFileName> List(string dataDir, string? symbolToken, string? exchange)
    {
        if (!Directory.Exists(dataDir))
        {
            throw new DirectoryNotFoundException($"{dataDir} is not a directory");
        }

        List<DataFileName> files = [];
        files.AddRange(InFolder(dataDir, string.Empty, symbolToken, RootDefault(dataDir)));
        foreach (string folder in Directory.EnumerateDirectories(dataDir).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileName(folder);
            if (name == LegacyFolder || name.StartsWith('.'))
            {
                continue;
            }

            files.AddRange(InFolder(folder, name, symbolToken, name.ToLowerInvariant()));
        }

        return [.. files
            .Where(f => exchange is null || string.Equals(f.Exchange, exchange, StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.Exchange, StringComparer.Ordinal)
            .ThenBy(f => f.SymbolToken, StringComparer.Ordinal)
            .ThenBy(f => f.Folder, StringComparer.Ordinal)
            .ThenBy(f => f.Date)
            .ThenBy(f => f.FragmentTime ?? TimeOnly.MinValue)];
    }

    /// <summary>The exchange a file names in its first lines, or null.</summary>
    public static string? ExchangeNamedIn(string path)
    {
        byte[] buffer = new byte[PeekBytes];
        int length;
        using (FileStream stream = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1))
        {
            length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }

        ReadOnlySpan<byte> key = "\"exchange\":\""u8;
        ReadOnlySpan<byte> text = buffer.AsSpan(0, length);
        int at = text.IndexOf(key);
        if (at < 0)
        {
            return null;
        }

        ReadOnlySpan<byte> rest = text[(at + key.Length)..];
        int end = rest.IndexOf((byte)'"');
        if (end <= 0)
        {
            return null;
        }

        string name = Encoding.UTF8.GetString(rest[..end]).ToLowerInvariant();
        return ExchangeName().IsMatch(name) ? name : null;
    }

    private static List<DataFileName> InFolder(string directory, string folder, string? symbolToken, string folderDefault)
    {
        List<DataFileName> files = [];
        foreach (IGrouping<string, DataFileName> symbol in DataFileName.List(directory, symbolToken).GroupBy(f => f.SymbolToken))
        {
            List<(DataFileName File, string? Named)> named = [.. symbol.Select(f => (f, ExchangeNamedIn(f.Path)))];
            List<string> distinct = [.. named.Select(n => n.Named).OfType<string>().Distinct(StringComparer.Ordinal)];
            string fallback = distinct.Count == 1 ? distinct[0] : folderDefault;
            files.AddRange(named.Select(n => n.File with { Folder = folder, Exchange = n.Named ?? fallback }));
        }

        return files;
    }

    /// <summary>The exchange whose default data folder the data dir is.</summary>
    private static string RootDefault(string dataDir)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDir)));
        IExchange? exchange = ExchangeCatalog.All.FirstOrDefault(e => e.DataFolder.Length > 0 && string.Equals(e.DataFolder, name, StringComparison.Ordinal))
            ?? ExchangeCatalog.All.FirstOrDefault(e => e.DataFolder.Length == 0);
        return exchange?.Name ?? string.Empty;
    }
}
