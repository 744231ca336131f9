namespace BulkRefunds.Klarna;

/// <summary>
/// One lease on an account's shared budget, in Unix microseconds of the database's clock: when the statement ran, where
/// the booked slots start (null: nothing granted) and up to when the schedule was booked before it.
/// </summary>
public sealed record BudgetLease(long NowMicroseconds, long? StartsAtMicroseconds, long BookedUntilMicroseconds);
