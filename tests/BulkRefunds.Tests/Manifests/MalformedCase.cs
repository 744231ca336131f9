namespace BulkRefunds.Tests.Manifests;

/// <summary>One file of the malformed corpus and the answer every door must give it.</summary>
/// <param name="Name">The file name, as dropped or uploaded.</param>
/// <param name="ExitCode">What <c>bulkrefunds validate</c> exits with: 0 clean, 2 rows with problems, 1 file rejected.</param>
/// <param name="Message">A fragment of the rejection, or of a row problem, that names the cause.</param>
public sealed record MalformedCase(string Name, int ExitCode, string Message)
{
    public bool Rejected => ExitCode == 1;

    public override string ToString() => Name;
}
