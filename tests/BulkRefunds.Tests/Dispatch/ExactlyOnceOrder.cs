namespace BulkRefunds.Tests.Dispatch;

/// <summary>An order the property creates on the simulator: fully captured in one capture, in its purchase currency.</summary>
internal sealed record ExactlyOnceOrder(string Currency, long CapturedMinor);
