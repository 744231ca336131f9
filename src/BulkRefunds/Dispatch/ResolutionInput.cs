namespace BulkRefunds.Dispatch;

/// <summary>
/// What an operator typed, made fit to store and to show in a CSV report: trimmed, runs of white space (an Excel cell's
/// line break, a tab) as one space, no other control character, and short enough for a report cell (sql/0023 checks the same).
/// </summary>
public static class ResolutionInput
{
    public const int MaxCommentLength = 500;
    public const int MaxRefundIdLength = 100;

    public static (string? Text, string? Problem) Comment(string? comment, bool required)
    {
        var text = Clean(comment);
        return text switch
        {
            null when required => (null, "A comment is required: say what you found in Klarna's portal."),
            null => (null, null),
            { Length: > MaxCommentLength } => (null, $"The comment is {text.Length} characters long; keep it to {MaxCommentLength}."),
            _ when text.Any(char.IsControl) => (null, "The comment contains a control character; type plain text."),
            _ => (text, null),
        };
    }

    public static (string? Text, string? Problem) RefundId(string? refundId)
    {
        var text = Clean(refundId);
        return text switch
        {
            null => (null, null),
            { Length: > MaxRefundIdLength } => (null, $"The refund id is {text.Length} characters long; Klarna's are far shorter (at most {MaxRefundIdLength})."),
            _ when text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) => (null, "The refund id contains spaces or control characters; copy it from the portal as it is."),
            _ => (text, null),
        };
    }

    private static string? Clean(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var words = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? null : string.Join(' ', words);
    }
}
