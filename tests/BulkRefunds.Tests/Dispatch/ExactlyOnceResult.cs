using BulkRefunds.KlarnaSimulator;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>What one case left behind: our report and Klarna's ledger, restricted to the orders this case created.</summary>
internal sealed record ExactlyOnceResult(
    Guid ManifestId, IReadOnlyList<string> OrderIds, IReadOnlyList<Dictionary<string, string>> Report, IReadOnlyList<LedgerEntry> Ledger);
