using System.Globalization;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>One line of a manifest's report, with the pool return it is about (-1 for none).</summary>
internal sealed record LifecycleReportLine(string Manifest, Guid ManifestId, int Return, IReadOnlyDictionary<string, string> Fields)
{
    public string Status => Fields["status"];

    public string RefundId => Fields["refund_id"];

    /// <summary>The tag this row's refund carries at Klarna (KlarnaReference).</summary>
    public string Tag => string.Create(CultureInfo.InvariantCulture, $"BR-{ManifestId.ToString("N")[..12]}-L{Fields["line_number"]}");

    public override string ToString() =>
        $"{Manifest} line {Fields["line_number"]} ({Fields["account"]} {Fields["reference"]} {Fields["amount_minor"]}): {Status} {Fields["error_code"]} "
        + $"\"{Fields["error_message"]}\" refund_id={RefundId} key={Fields["idempotency_key"]} attempts={Fields["attempts"]} note=\"{Fields["note"]}\"";
}
