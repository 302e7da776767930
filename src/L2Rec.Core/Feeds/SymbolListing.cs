namespace L2Rec.Feeds;

/// <summary>What the exchange's instrument list said about the symbols to record, asked before any file is opened.</summary>
public sealed record SymbolListing
{
    private SymbolListing(bool isChecked, IReadOnlyList<string> unlisted, string? uncheckedReason)
    {
        IsChecked = isChecked;
        Unlisted = unlisted;
        UncheckedReason = uncheckedReason;
    }

    /// <summary>False when the list could not be read (the exchange unreachable at start-up, say).</summary>
    public bool IsChecked { get; }

    /// <summary>The requested symbols the exchange does not list (empty when all are listed or nothing was checked).</summary>
    public IReadOnlyList<string> Unlisted { get; }

    /// <summary>Why the list could not be read.</summary>
    public string? UncheckedReason { get; }

    public static SymbolListing Checked(IReadOnlyList<string> unlisted) => new(true, unlisted, null);

    public static SymbolListing Unchecked(string reason) => new(false, [], reason);
}
