-- One request budget per Klarna account, shared by every worker on this database (issue 16). Klarna limits a merchant,
-- not a process: workers lease a few request slots at a time from this row, so together they spend the account's rate in
-- full and never more, however many of them there are. The row is a token bucket kept in its virtual-scheduling form
-- (GCRA): booked_until is the time up to which slots are already handed out, advanced by each lease and read against
-- the database's clock (clock_timestamp()), never a worker's.
CREATE TABLE bulkrefunds.klarna_rate_budget (
    account      text        NOT NULL,
    endpoint     text        NOT NULL,
    booked_until timestamptz NOT NULL DEFAULT '-infinity',
    paused_until timestamptz NOT NULL DEFAULT '-infinity',
    CONSTRAINT klarna_rate_budget_pkey PRIMARY KEY (account, endpoint)
);

COMMENT ON TABLE bulkrefunds.klarna_rate_budget IS
    'The request budget of one Klarna account (name and endpoint, as in manifest_account), shared by all workers. A lease '
    'books the next slots after greatest(booked_until, paused_until, clock_timestamp()), at most about a tenth of a second '
    'of the account''s rate, and only while fewer than that are booked ahead; a worker that dies loses at most its lease.';
COMMENT ON COLUMN bulkrefunds.klarna_rate_budget.booked_until IS
    'End of the last slot handed out (database time); idle time is not banked, so nothing bursts after a pause or a quiet spell.';
COMMENT ON COLUMN bulkrefunds.klarna_rate_budget.paused_until IS
    'Klarna said stop (429 with Retry-After or X-Ratelimit-Reset, or X-Ratelimit-Remaining: 0): no slot starts before this, for any worker.';
