using System.CommandLine.Parsing;
using System.Globalization;

namespace L2Rec.Cli;

/// <summary>
/// Parsers for option values. Every option parses its own text, so a wrong value is always one error of one form,
/// <c>--name 'value' is not valid: give …</c>, never the library's type names or an exception from a validator that
/// read a value which had not parsed.
/// </summary>
public static class OptionValue
{
    /// <summary>The single error form every option uses.</summary>
    public static string Invalid(string option, string text, string accepted) => $"{option} '{text}' is not valid: give {accepted}.";

    /// <summary>The one token an option was given (empty when none).</summary>
    public static string Text(ArgumentResult result) => result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;

    public static Func<ArgumentResult, int> Integer(string option, string accepted, Func<int, bool> isValid) => result =>
    {
        string text = Text(result);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && isValid(value))
        {
            return value;
        }

        result.AddError(Invalid(option, text, accepted));
        return default;
    };

    public static Func<ArgumentResult, int?> OptionalInteger(string option, string accepted) => result =>
    {
        string text = Text(result);
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        result.AddError(Invalid(option, text, accepted));
        return null;
    };

    /// <summary>A plain decimal number (no exponent, no NaN or infinity) within the accepted range.</summary>
    public static Func<ArgumentResult, double> Number(string option, string accepted, double min, double max) => result =>
    {
        string text = Text(result);
        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value) &&
            value >= (decimal)min && value <= (decimal)max)
        {
            return (double)value;
        }

        result.AddError(Invalid(option, text, accepted));
        return default;
    };

    /// <summary>An absolute URL of one of the schemes (<c>ws</c>/<c>wss</c>, <c>http</c>/<c>https</c>).</summary>
    public static Func<ArgumentResult, Uri?> AbsoluteUri(string option, string scheme, string secureScheme) => result =>
    {
        string text = Text(result);
        if (Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == scheme || uri.Scheme == secureScheme))
        {
            return uri;
        }

        result.AddError(Invalid(option, text, $"an absolute {scheme}:// or {secureScheme}:// URL"));
        return null;
    };

    /// <summary>One of a fixed set of words, case-insensitive, returned in its listed spelling.</summary>
    public static Func<ArgumentResult, string> OneOf(string option, params string[] words) => result =>
    {
        string text = Text(result);
        foreach (string word in words)
        {
            if (string.Equals(word, text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return word;
            }
        }

        result.AddError(Invalid(option, text, words.Length == 1 ? words[0] : string.Join(", ", words[..^1]) + " or " + words[^1]));
        return words[0];
    };

    public static Func<ArgumentResult, FileInfo?> FilePath(string option, string accepted, bool mustExist = false) => result =>
    {
        string text = Text(result);
        if (IsUsablePath(text) && (!mustExist || File.Exists(text)))
        {
            return new FileInfo(text);
        }

        result.AddError(Invalid(option, text, accepted));
        return null;
    };

    public static Func<ArgumentResult, DirectoryInfo> DirectoryPath(string option, string accepted) => result =>
    {
        string text = Text(result);
        if (IsUsablePath(text))
        {
            return new DirectoryInfo(text);
        }

        result.AddError(Invalid(option, text, accepted));
        return new DirectoryInfo(".");
    };

    /// <summary>A directory path option without a default value (the default is worked out from other options).</summary>
    public static Func<ArgumentResult, DirectoryInfo?> OptionalDirectoryPath(string option, string accepted) => result =>
    {
        string text = Text(result);
        if (IsUsablePath(text))
        {
            return new DirectoryInfo(text);
        }

        result.AddError(Invalid(option, text, accepted));
        return null;
    };

    private static bool IsUsablePath(string text) =>
        !string.IsNullOrWhiteSpace(text) && text.IndexOfAny(['\0']) < 0;
}
