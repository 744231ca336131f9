-- Find anything (issue 14): the manifest page (rows by status, progress per minute) and search across manifests by
-- order id, reference, refund id or correlation id. Every index on manifest_row is paid by the import once per copied
-- row and by dispatch once per state change, so each one here says why it is worth it (figures: docs/benchmarks.md).

-- Search by order id and by reference: a bigint hash of the text, as the return invariant's index leads with one
-- (sql/0010) — a million random-order text keys cost the import more to compare than a million bigints. The query
-- repeats the text comparison, so a collision only costs a heap visit. Most rows carry a reference, but releases and
-- unreferenced refunds do not, and those stay out of the index.
CREATE INDEX manifest_row_order_search_idx ON bulkrefunds.manifest_row (hashtextextended(order_id, 0));
CREATE INDEX manifest_row_reference_search_idx ON bulkrefunds.manifest_row (hashtextextended(reference, 0))
    WHERE reference IS NOT NULL;

-- Refund ids exist only once Klarna refunded the row: rows enter this index at dispatch (one batch at a time), never at
-- import.
CREATE INDEX manifest_row_refund_search_idx ON bulkrefunds.manifest_row (refund_id) WHERE refund_id IS NOT NULL;

-- Correlation ids are searched in row_attempt, which holds every one a row was ever answered with (the row keeps only
-- its newest, written in the same transaction as its attempts), so manifest_row needs no index for them.
CREATE INDEX row_attempt_correlation_idx ON bulkrefunds.row_attempt (correlation_id) WHERE correlation_id IS NOT NULL;

-- The manifest page lists rows of one status in line order, a page at a time after the last line shown (keyset, no
-- OFFSET). Without this index a rare status on a large manifest would walk every line of it to fill a page. The
-- import appends to it in line order under one (manifest, state) prefix, the cheapest kind of index insert.
CREATE INDEX manifest_row_state_line_idx ON bulkrefunds.manifest_row (manifest_id, state, line_number);

-- Progress over time for the manifest page's chart: rows that reached a final state and Klarna's 429 answers, per
-- manifest and minute. Kept by statement triggers, like the counters of sql/0020, so the page reads a few hundred
-- rows instead of grouping a million-row manifest on every refresh.
CREATE TABLE bulkrefunds.manifest_minute (
    manifest_id  uuid        NOT NULL,
    minute       timestamptz NOT NULL,
    -- Rows that left staged/sending for any other state in this minute (a retried row counts again when it ends again).
    final_rows   bigint      NOT NULL DEFAULT 0 CHECK (final_rows >= 0),
    -- Attempts answered 429 Too Many Requests in this minute.
    throttled    bigint      NOT NULL DEFAULT 0 CHECK (throttled >= 0),
    CONSTRAINT manifest_minute_pkey PRIMARY KEY (manifest_id, minute)
);
COMMENT ON TABLE bulkrefunds.manifest_minute IS
    'Per manifest and minute: rows that became final and attempts answered 429, kept by triggers on manifest_row and row_attempt.';

-- Fires after manifest_counter_update (triggers fire in name order), whose per-manifest lock this transaction then
-- holds: every row that changes state changes a counter, so two writers of one manifest's minutes are serialised.
CREATE FUNCTION bulkrefunds.manifest_minute_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO bulkrefunds.manifest_minute AS m (manifest_id, minute, final_rows)
    SELECT n.manifest_id, date_trunc('minute', coalesce(n.completed_at, now())), count(*)
    FROM new_rows n JOIN old_rows o ON o.row_id = n.row_id
    WHERE n.state NOT IN ('staged', 'sending') AND o.state IN ('staged', 'sending')
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (manifest_id, minute) DO UPDATE SET final_rows = m.final_rows + excluded.final_rows;
    RETURN NULL;
END
$$;

-- Attempts are recorded before their rows' outcomes, so this takes sql/0020's per-manifest lock itself (in manifest
-- order, as the counters do), and only when an attempt was throttled: most batches have none and write nothing.
CREATE FUNCTION bulkrefunds.manifest_minute_on_attempt() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM new_attempts WHERE http_status = 429) THEN
        RETURN NULL;
    END IF;
    PERFORM pg_advisory_xact_lock(4242018, hashtext(t.manifest_id::text))
    FROM (SELECT DISTINCT r.manifest_id FROM new_attempts a JOIN bulkrefunds.manifest_row r ON r.row_id = a.row_id
          WHERE a.http_status = 429 ORDER BY r.manifest_id) t;
    INSERT INTO bulkrefunds.manifest_minute AS m (manifest_id, minute, throttled)
    SELECT r.manifest_id, date_trunc('minute', a.attempted_at), count(*)
    FROM new_attempts a JOIN bulkrefunds.manifest_row r ON r.row_id = a.row_id
    WHERE a.http_status = 429
    GROUP BY 1, 2 ORDER BY 1, 2
    ON CONFLICT (manifest_id, minute) DO UPDATE SET throttled = m.throttled + excluded.throttled;
    RETURN NULL;
END
$$;

CREATE TRIGGER manifest_minute_update AFTER UPDATE ON bulkrefunds.manifest_row
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bulkrefunds.manifest_minute_on_update();
CREATE TRIGGER manifest_minute_attempt AFTER INSERT ON bulkrefunds.row_attempt
    REFERENCING NEW TABLE AS new_attempts FOR EACH STATEMENT EXECUTE FUNCTION bulkrefunds.manifest_minute_on_attempt();

-- Backfill: what the rows and attempts recorded before this file say (rows by the minute they completed).
INSERT INTO bulkrefunds.manifest_minute (manifest_id, minute, final_rows, throttled)
SELECT manifest_id, minute, sum(final_rows), sum(throttled)
FROM (SELECT manifest_id, date_trunc('minute', completed_at) AS minute, count(*) AS final_rows, 0 AS throttled
      FROM bulkrefunds.manifest_row
      WHERE completed_at IS NOT NULL AND state NOT IN ('staged', 'sending', 'invalid', 'duplicate', 'order_line')
      GROUP BY 1, 2
      UNION ALL
      SELECT r.manifest_id, date_trunc('minute', a.attempted_at), 0, count(*)
      FROM bulkrefunds.row_attempt a JOIN bulkrefunds.manifest_row r ON r.row_id = a.row_id
      WHERE a.http_status = 429
      GROUP BY 1, 2) u
GROUP BY 1, 2;
