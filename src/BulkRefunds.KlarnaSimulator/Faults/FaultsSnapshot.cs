using BulkRefunds.KlarnaSimulator.Json;

namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>GET /_sim/faults: the queued faults (times = how many are left) and the random settings, in the shapes POST accepts.</summary>
internal sealed record FaultsSnapshot(IReadOnlyList<FaultRequestBody> Pending, RandomFaultsBody? Random);
