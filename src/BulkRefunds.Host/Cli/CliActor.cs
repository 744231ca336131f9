namespace BulkRefunds.Host.Cli;

/// <summary>
/// Who the audit trail names for an act of the command line that no upload names: the operating system account, marked
/// so it is never mistaken for a signed-in operator of the same name.
/// </summary>
public static class CliActor
{
    public static string Name => "cli:" + Environment.UserName;
}
