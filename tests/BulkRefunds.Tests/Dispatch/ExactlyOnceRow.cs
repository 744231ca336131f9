namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// One manifest line of the property: a refund of <paramref name="Order"/> (an index into the case's orders). Two equal
/// rows are a repeated return, which import must mark duplicate.
/// </summary>
internal sealed record ExactlyOnceRow(int Order, string Currency, long AmountMinor, string Reference);
