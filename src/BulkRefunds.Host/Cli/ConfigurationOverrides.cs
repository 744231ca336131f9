namespace BulkRefunds.Host.Cli;

/// <summary>
/// Configuration on the command line, in one explicit form only: <c>--Section:Key=value</c> (a section that starts with an
/// upper-case letter, at least one <c>:</c> before the first <c>=</c>). Anything else is the verbs' to parse, and
/// anything the verbs do not know is an error: a mistyped option must never pass as a setting nobody reads.
/// </summary>
public static class ConfigurationOverrides
{
    public const string Form = "--Section:Key=value";

    /// <summary>Splits the arguments into configuration overrides (in their order) and the verb with its options and arguments, for the parser.</summary>
    public static (string[] Overrides, string[] Verb) Split(IEnumerable<string> args)
    {
        List<string> overrides = [], rest = [];
        foreach (var arg in args)
        {
            (IsOverride(arg) ? overrides : rest).Add(arg);
        }

        return ([.. overrides], [.. rest]);
    }

    public static bool IsOverride(string arg)
    {
        if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3 || !char.IsAsciiLetterUpper(arg[2]))
        {
            return false;
        }

        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        var colon = arg.IndexOf(':', StringComparison.Ordinal);
        return equals > 0 && colon > 2 && colon < equals - 1;
    }
}
