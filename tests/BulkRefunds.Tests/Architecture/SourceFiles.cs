using System.Text.RegularExpressions;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Architecture;

/// <summary>The C# files under src/, read as text, with comments removed so prose never counts as code.</summary>
internal static partial class SourceFiles
{
    public static string Src { get; } = Path.Combine(RepositoryPaths.Root, "src");

    public static IEnumerable<string> Under(string folder) =>
        Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);

    public static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/');

    /// <summary>The file's code: block and line comments (doc comments included) removed.</summary>
    public static string Code(string path) => LineComment().Replace(BlockComment().Replace(File.ReadAllText(path), ""), "");

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockComment();

    // "://" (a URL in a string) is not a comment.
    [GeneratedRegex(@"(?<!:)//.*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();
}
