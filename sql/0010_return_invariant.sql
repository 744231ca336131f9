-- One live row per return (docs/architecture.md, "The return invariant").
--
-- Finance thinks in returns — (account, order_id, reference, amount) for a refund, (account, order_id) for a release —
-- and a return reaches us through many doors: uploads, re-uploads and corrected files, Retry, Cancel, the drop folder,
-- the release sweep. At most one row may hold a return at a time: a row that may still move money or may have moved
-- it ("live": waiting, scheduled, sending, succeeded, in doubt, needs review, or failed-but-retryable). The rule lives
-- here, as an exclusion constraint, so every door — today's and any later one — is held to it. It is deferred to
-- commit so the import can COPY a whole file first and then mark its duplicates in the same transaction.
--
-- Refunds without a reference have no identity beyond their row (two equal unreferenced refunds on one order may be
-- two real returns); they are outside the invariant and the report says they are not protected (manifest-format.md).

ALTER TABLE bulkrefunds.manifest
    -- Cancel remaining: the manifest no longer asks for the rows it had not sent, and rows elsewhere that were
    -- duplicates of them take the return over.
    ADD COLUMN cancelled_at timestamptz,
    ADD COLUMN cancelled_by text,
    ADD CONSTRAINT manifest_cancel_recorded CHECK ((cancelled_at IS NULL) = (cancelled_by IS NULL));

ALTER TABLE bulkrefunds.manifest_row
    -- The row a duplicate repeats (duplicate_of is its text for the report); kept so Cancel can hand the return on.
    ADD COLUMN duplicate_of_row_id  bigint,
    -- A failed-but-retryable row whose return a later upload took over: the row that holds the return now.
    ADD COLUMN superseded_by_row_id bigint;

ALTER TABLE bulkrefunds.manifest_row DROP CONSTRAINT manifest_row_state_check;
ALTER TABLE bulkrefunds.manifest_row ADD CONSTRAINT manifest_row_state_check CHECK (state IN
    ('staged', 'sending', 'succeeded', 'failed', 'in_doubt', 'needs_review', 'not_releasable',
     'invalid', 'duplicate', 'order_line', 'scheduled', 'skipped', 'superseded'));
ALTER TABLE bulkrefunds.manifest_row ADD CONSTRAINT manifest_row_superseded_names_successor CHECK
    ((state = 'superseded') = (superseded_by_row_id IS NOT NULL));

COMMENT ON COLUMN bulkrefunds.manifest_row.superseded_by_row_id IS
    'superseded: this row failed with a retryable cause (proven not applied) and a later upload of the same return took it over; it is never sent again.';

-- Rows that break the rule before it existed: a waiting or scheduled row that repeats another live row becomes its
-- duplicate, and a failed-but-retryable row repeated by a later live row is superseded by it. Two rows that both sent
-- money for one return cannot be repaired by a migration: it stops and names them.
DO $$
DECLARE
    clash record;
BEGIN
    WITH live AS (
        SELECT row_id, manifest_id, line_number, account, action, order_id, state, retryable,
               CASE WHEN action = 'refund' THEN reference ELSE '' END AS ref,
               CASE WHEN action = 'refund' THEN amount_minor ELSE 0 END AS amount,
               CASE WHEN state IN ('staged', 'scheduled') THEN 1 WHEN state = 'failed' THEN 2 ELSE 0 END AS weak
        FROM bulkrefunds.manifest_row
        WHERE (action = 'release' OR reference IS NOT NULL)
          AND (state IN ('staged', 'scheduled', 'sending', 'succeeded', 'in_doubt', 'needs_review') OR (state = 'failed' AND retryable))),
    ranked AS (
        SELECT live.*, first_value(row_id) OVER w AS holder, row_number() OVER w AS rank
        FROM live
        WINDOW w AS (PARTITION BY account, action, order_id, ref, amount ORDER BY weak, row_id))
    SELECT string_agg(row_id::text, ', ') AS rows INTO clash FROM ranked WHERE rank > 1 AND weak = 0;
    IF clash.rows IS NOT NULL THEN
        RAISE EXCEPTION 'manifest_row % repeat returns that another row already sent; resolve them before upgrading', clash.rows;
    END IF;
END $$;

WITH live AS (
    SELECT row_id, state, CASE WHEN state IN ('staged', 'scheduled') THEN 1 WHEN state = 'failed' THEN 2 ELSE 0 END AS weak,
           account, action, order_id,
           CASE WHEN action = 'refund' THEN reference ELSE '' END AS ref,
           CASE WHEN action = 'refund' THEN amount_minor ELSE 0 END AS amount
    FROM bulkrefunds.manifest_row
    WHERE (action = 'release' OR reference IS NOT NULL)
      AND (state IN ('staged', 'scheduled', 'sending', 'succeeded', 'in_doubt', 'needs_review') OR (state = 'failed' AND retryable))),
ranked AS (
    SELECT live.*, first_value(row_id) OVER w AS holder, row_number() OVER w AS rank
    FROM live WINDOW w AS (PARTITION BY account, action, order_id, ref, amount ORDER BY weak, row_id))
UPDATE bulkrefunds.manifest_row r
SET state = CASE WHEN k.state = 'failed' THEN 'superseded' ELSE 'duplicate' END,
    superseded_by_row_id = CASE WHEN k.state = 'failed' THEN k.holder END,
    duplicate_of = CASE WHEN k.state = 'failed' THEN NULL ELSE 'row ' || k.holder || ' (found when the return invariant was added)' END,
    duplicate_of_row_id = CASE WHEN k.state = 'failed' THEN NULL ELSE k.holder END
FROM ranked k
WHERE r.row_id = k.row_id AND k.rank > 1;

-- The return as one 64-bit number, leading the constraint's index: a million-row import inserts a million index entries
-- in random order, and comparing a bigint first (the text columns only on a tie) costs about 8 s per million rows on
-- two cores where the five columns alone cost 13 s (docs/benchmarks.md). The columns still follow, so two different
-- returns whose numbers collide never block each other.
CREATE FUNCTION bulkrefunds.return_key(account text, action text, order_id text, reference text, amount_minor bigint)
    RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN hashtextextended(account || chr(31) || action || chr(31) || order_id || chr(31)
                            || CASE WHEN action = 'refund' THEN reference || chr(31) || amount_minor::text ELSE '' END, 0);

ALTER TABLE bulkrefunds.manifest_row ADD CONSTRAINT manifest_row_one_live_row_per_return
    EXCLUDE USING btree (
        bulkrefunds.return_key(account, action, order_id, reference, amount_minor) WITH =,
        account WITH =, action WITH =, order_id WITH =,
        (CASE WHEN action = 'refund' THEN reference ELSE '' END) WITH =,
        (CASE WHEN action = 'refund' THEN amount_minor ELSE 0 END) WITH =)
    WHERE ((action = 'release' OR reference IS NOT NULL)
           AND (state IN ('staged', 'scheduled', 'sending', 'succeeded', 'in_doubt', 'needs_review') OR (state = 'failed' AND retryable)))
    DEFERRABLE INITIALLY DEFERRED;

COMMENT ON CONSTRAINT manifest_row_one_live_row_per_return ON bulkrefunds.manifest_row IS
    'At most one row may hold a return (account, action, order_id, reference, amount; releases by account and order) while it may still move money or may have moved it.';

-- The constraint's index answers "who holds this return" for the import rules; the older index on sent rows is
-- replaced by it.
DROP INDEX bulkrefunds.manifest_row_sent_order_idx;
