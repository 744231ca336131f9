namespace BulkRefunds.Notifications;

/// <summary>What claiming a delivery found.</summary>
public enum DeliveryClaim
{
    Claimed,
    AlreadyDelivered,
    HeldElsewhere,
    Unknown,
}
