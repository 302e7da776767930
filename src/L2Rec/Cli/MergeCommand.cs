using System.CommandLine;
using System.Globalization;
using L2Rec.Analysis;
using L2Rec.Recording;

namespace L2Rec.Cli;

/// <summary><c>l2rec merge</c>: legacy fragments into date-named files, never deleting data.</summary>
public static class MergeCommand
{
    public static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print the plan only; change nothing." };

    public static Command Create()
    {
        Command command = new("merge", "Merge legacy fragments (l2_{SYMBOL}_{yyyyMMdd}_{HHmmss}.jsonl) into date-named files, in the data dir and each exchange folder; originals move to that folder's legacy/.")
        {
            CollectionOptions.DataDir, CollectionOptions.Symbol, CollectionOptions.Exchange, DryRun,
        };
        command.SetAction((parse, _) => Task.FromResult(Run(
            parse.GetValue(CollectionOptions.DataDir)!.FullName,
            parse.GetValue(CollectionOptions.Symbol),
            parse.GetValue(CollectionOptions.Exchange),
            parse.GetValue(DryRun),
            parse.InvocationConfiguration.Output)));
        return command;
    }

    public static int Run(string directory, string? symbolToken, bool dryRun, TextWriter output) =>
        Run(directory, symbolToken, exchange: null, dryRun, output);

    /// <summary>Merges the fragments of the collection (of one symbol and one exchange when given); 0, or throws <see cref="L2RecException"/>.</summary>
    public static int Run(string directory, string? symbolToken, string? exchange, bool dryRun, TextWriter output)
    {
        List<MergeOutcome> outcomes;
        try
        {
            outcomes = new LegacyMerger().Merge(directory, symbolToken, dryRun, exchange);
        }
        catch (FileLockedException ex)
        {
            throw new L2RecException($"{ex.Message}; nothing was merged", ExitCode.Locked);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new L2RecException($"merge failed in {directory}: {ex.Message}", ExitCode.Usage);
        }

        if (outcomes.Count == 0)
        {
            output.WriteLine($"No legacy fragments in {directory} or its exchange folders: nothing to merge.");
            return (int)ExitCode.Ok;
        }

        if (dryRun)
        {
            output.WriteLine("Plan (dry run: nothing is changed)");
        }

        foreach (MergeOutcome outcome in outcomes)
        {
            string named = outcome.Exchange.Length == 0 ? "(exchange unknown)" : outcome.Exchange;
            string folder = outcome.Folder.Length == 0 ? string.Empty : $" in {outcome.Folder}/";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{named} {outcome.SymbolToken}{folder}: {outcome.Fragments.Count + outcome.EmptyFragments.Count} fragment(s), {outcome.EmptyFragments.Count} empty, {outcome.LinesIn:N0} lines read"));
            foreach ((string name, long lines) in outcome.Targets)
            {
                string into = outcome.MergedInto.Contains(name) ? " (merged with the existing file)" : string.Empty;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  -> {name}  {lines:N0} lines{into}"));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  exact duplicates dropped: {outcome.Duplicates:N0}"));
            string verb = dryRun ? "would move" : "moved";
            string legacy = outcome.Folder.Length == 0 ? LegacyMerger.LegacyFolder : $"{outcome.Folder}/{LegacyMerger.LegacyFolder}";
            output.WriteLine($"  {verb} to {legacy}/: {string.Join(", ", outcome.Fragments)}");
            if (outcome.EmptyFragments.Count > 0)
            {
                output.WriteLine($"  {(dryRun ? "would remove" : "removed")} empty: {string.Join(", ", outcome.EmptyFragments)}");
            }
        }

        return (int)ExitCode.Ok;
    }
}
