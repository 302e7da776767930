using System.Globalization;
using System.Text.RegularExpressions;

namespace L2Rec.Analysis;

/// <summary>
/// A data file's name: date-named <c>l2_{SYMBOL}_{yyyyMMdd}.jsonl</c> or a legacy fragment <c>..._{HHmmss}.jsonl</c>;
/// in a collection also the folder it lies in (relative to the data dir, empty for the data dir itself) and the
/// exchange it belongs to (<see cref="DataCollection"/>).
/// </summary>
public sealed partial record DataFileName(string Path, string SymbolToken, DateOnly Date, TimeOnly? FragmentTime)
{
    public bool IsLegacyFragment => FragmentTime is not null;

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The folder relative to the data dir: empty for the data dir itself, else an exchange folder's name.</summary>
    public string Folder { get; init; } = string.Empty;

    /// <summary>The exchange the file belongs to (lower-case), or empty when not known.</summary>
    public string Exchange { get; init; } = string.Empty;

    /// <summary>The name as reports show it: relative to the data dir (<c>{exchange}/l2_BTCUSDT_20251023.jsonl</c>).</summary>
    public string DisplayName => Folder.Length == 0 ? Name : $"{Folder}/{Name}";

    [GeneratedRegex(@"^l2_([A-Z0-9]+)_(\d{8})(?:_(\d{6}))?\.jsonl$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static DataFileName? TryParse(string path)
    {
        Match match = Pattern().Match(System.IO.Path.GetFileName(path));
        if (!match.Success ||
            !DateOnly.TryParseExact(match.Groups[2].Value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date))
        {
            return null;
        }

        TimeOnly? time = null;
        if (match.Groups[3].Success)
        {
            if (!TimeOnly.TryParseExact(match.Groups[3].Value, "HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly t))
            {
                return null;
            }

            time = t;
        }

        return new DataFileName(path, match.Groups[1].Value, date, time);
    }

    /// <summary>The data files in a directory (not its subdirectories), optionally of one symbol token, by name.</summary>
    public static List<DataFileName> List(string directory, string? symbolToken) =>
        [.. Directory.EnumerateFiles(directory, "l2_*.jsonl", SearchOption.TopDirectoryOnly)
            .Select(TryParse)
            .OfType<DataFileName>()
            .Where(f => symbolToken is null || f.SymbolToken == symbolToken)
            .OrderBy(f => f.SymbolToken, StringComparer.Ordinal)
            .ThenBy(f => f.Date)
            .ThenBy(f => f.FragmentTime ?? TimeOnly.MinValue)];
}
