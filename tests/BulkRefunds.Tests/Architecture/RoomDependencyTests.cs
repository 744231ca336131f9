using System.Text.RegularExpressions;

namespace BulkRefunds.Tests.Architecture;

/// <summary>
/// The rooms of src/BulkRefunds follow the data flow (docs/architecture.md): Manifests → Staging → Dispatch → Reports →
/// Settlements (it reads refund rows and writes with the Reports room's CSV settings),
/// a room never reaches one after it; Releases and Inbox stand beside the flow and drive it, so no flow room names
/// them; Klarna names no other room but the shared Telemetry. A room is named by its namespace (<c>BulkRefunds.Releases</c>,
/// <c>Releases.ReleaseOptions</c>) or by any type declared in its folder.
/// </summary>
public sealed partial class RoomDependencyTests
{
    private static readonly string[] Flow = ["Manifests", "Staging", "Dispatch", "Reports", "Settlements"];
    private static readonly string[] Beside = ["Releases", "Inbox"];
    private static readonly string[] Plumbing = ["Telemetry"];

    // Types a room may name in a room it may not otherwise reach. None today: ManifestCompletion lives in Dispatch and
    // the rooms after it hand in their reports as CompletionReports.
    private static readonly Dictionary<(string From, string To), string[]> Doors = [];

    private static readonly string Core = Path.Combine(SourceFiles.Src, "BulkRefunds");

    [Fact]
    public void Rooms_ReferenceOnlyRoomsTheFlowAllows()
    {
        var rooms = Directory.GetDirectories(Core).Select(Path.GetFileName).OfType<string>()
            .Where(room => room is not ("bin" or "obj")).Order(StringComparer.Ordinal).ToList();
        var types = rooms.ToDictionary(room => room, DeclaredTypes);

        var violations = (
            from room in rooms
            from path in SourceFiles.Under(Path.Combine(Core, room))
            let code = SourceFiles.Code(path)
            from other in rooms
            where other != room && !Allowed(room, other)
            let named = Named(code, other, types[other], Doors.GetValueOrDefault((room, other)))
            where named.Count > 0
            select $"{SourceFiles.Relative(path)} ({room}) names {other}: {string.Join(", ", named)}").ToList();

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    /// <summary>Whether <paramref name="from"/> may name <paramref name="to"/> at all (a door allows named types only).</summary>
    private static bool Allowed(string from, string to)
    {
        if (from == "Klarna")
        {
            // Klarna knows no room of the flow; it only records into the shared meter (plumbing that names nobody).
            return Plumbing.Contains(to);
        }

        if (to == "Klarna")
        {
            return true;
        }

        var fromFlow = Array.IndexOf(Flow, from);
        var toFlow = Array.IndexOf(Flow, to);
        if (fromFlow >= 0)
        {
            // A flow room names only earlier flow rooms (and shared plumbing: a room in neither list).
            return toFlow >= 0 ? toFlow < fromFlow : !Beside.Contains(to);
        }

        // Beside rooms drive the flow and each other not at all; shared plumbing names no room.
        return Beside.Contains(from) && !Beside.Contains(to);
    }

    private static List<string> Named(string code, string room, IReadOnlySet<string> roomTypes, string[]? doorTypes)
    {
        var allowed = doorTypes ?? [];
        var byNamespace = doorTypes is null
            ? Regex.Matches(code, $@"(?<![\w.])(?:global::)?BulkRefunds\.{room}\b|(?<![\w.]){room}\.(?=[A-Z])").Select(match => match.Value)
            : [];
        var byType = roomTypes.Where(type => !allowed.Contains(type) && Regex.IsMatch(code, $@"(?<![\w.]){type}\b"));
        return [.. byNamespace.Concat(byType).Distinct().Order(StringComparer.Ordinal)];
    }

    private static IReadOnlySet<string> DeclaredTypes(string room) =>
        SourceFiles.Under(Path.Combine(Core, room))
            .SelectMany(path => TypeDeclaration().Matches(SourceFiles.Code(path)).Select(match => match.Groups["name"].Value))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"\b(?:class|record|struct|interface|enum)\s+(?<name>[A-Z]\w*)|\bdelegate\s+[^(;]+?\s(?<name>[A-Z]\w*)\s*\(")]
    private static partial Regex TypeDeclaration();
}
