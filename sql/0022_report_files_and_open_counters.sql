-- Status at any size, the rest (issue 18).
--
-- 1. report_file: what the served report of a manifest was written from, so a sweep finds a stale one (rows changed
--    since) from the counters alone, and a job, not a GET, rewrites it.
-- 2. manifest_open_counter: the open rows (staged, sending) per manifest, account, state and lease, kept by statement
--    triggers like sql/0020's, so what `run` and the Manifests page say is left to send is read from counters too: the
--    account says which worker may send them, the lease whether a claim would find a 'sending' row now.

CREATE TABLE bulkrefunds.report_file (
    manifest_id      uuid        NOT NULL REFERENCES bulkrefunds.manifest (manifest_id),
    -- The manifest's latest counter changed_at, read before its rows were: the file holds at least the rows' state of
    -- then. Counter writes of a manifest are serialised (sql/0020's lock), so a later change has a later changed_at.
    -- NULL: the manifest had no counters (no rows).
    rows_changed_at  timestamptz,
    written_at       timestamptz NOT NULL,
    CONSTRAINT report_file_pkey PRIMARY KEY (manifest_id)
);
COMMENT ON TABLE bulkrefunds.report_file IS
    'The report file in Reports:Directory of each manifest and the counters'' changed_at it was written from; stale when the counters changed later.';

CREATE TABLE bulkrefunds.manifest_open_counter (
    manifest_id  uuid        NOT NULL,
    account      text        NOT NULL,
    state        text        NOT NULL CHECK (state IN ('staged', 'sending')),
    -- The rows' lease_until: one value per claim or renewal statement, so a few keys per manifest; NULL for staged rows.
    lease_until  timestamptz,
    rows         bigint      NOT NULL CHECK (rows >= 0),
    CONSTRAINT manifest_open_counter_key UNIQUE NULLS NOT DISTINCT (manifest_id, account, state, lease_until)
);
COMMENT ON TABLE bulkrefunds.manifest_open_counter IS
    'Open rows (staged, sending) per manifest, account, state and lease, kept by triggers on manifest_row; a key whose rows fall to 0 is deleted.';

-- Adds the net deltas under sql/0020's per-manifest lock (the same one, taken in manifest order), then drops emptied keys:
-- leases change every batch, and their keys would pile up.
CREATE FUNCTION bulkrefunds.manifest_open_counter_add(deltas bulkrefunds.manifest_open_counter[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF deltas IS NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(4242018, hashtext(m.manifest_id::text))
    FROM (SELECT DISTINCT d.manifest_id FROM unnest(deltas) d ORDER BY d.manifest_id) m;
    -- A negative delta of a key that does not exist is inserted and fails the CHECK: the counters drifted.
    WITH updated AS (
        UPDATE bulkrefunds.manifest_open_counter c SET rows = c.rows + d.rows
        FROM unnest(deltas) d
        WHERE c.manifest_id = d.manifest_id AND c.account = d.account AND c.state = d.state
          AND c.lease_until IS NOT DISTINCT FROM d.lease_until
        RETURNING c.manifest_id, c.account, c.state, c.lease_until)
    INSERT INTO bulkrefunds.manifest_open_counter (manifest_id, account, state, lease_until, rows)
    SELECT d.manifest_id, d.account, d.state, d.lease_until, d.rows FROM unnest(deltas) d
    WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.manifest_id = d.manifest_id AND u.account = d.account
                      AND u.state = d.state AND u.lease_until IS NOT DISTINCT FROM d.lease_until);
    DELETE FROM bulkrefunds.manifest_open_counter c
    WHERE c.manifest_id IN (SELECT d.manifest_id FROM unnest(deltas) d) AND c.rows = 0;
END
$$;

CREATE FUNCTION bulkrefunds.manifest_open_counter_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Transition tables a statement does not have are read in no branch it takes.
    IF TG_OP = 'INSERT' THEN
        PERFORM bulkrefunds.manifest_open_counter_add(array_agg(ROW(manifest_id, account, state, lease_until, rows)::bulkrefunds.manifest_open_counter))
        FROM (SELECT manifest_id, account, state, CASE WHEN state = 'sending' THEN lease_until END AS lease_until, count(*) AS rows
              FROM new_rows WHERE state IN ('staged', 'sending') GROUP BY 1, 2, 3, 4) d;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM bulkrefunds.manifest_open_counter_add(array_agg(ROW(manifest_id, account, state, lease_until, -rows)::bulkrefunds.manifest_open_counter))
        FROM (SELECT manifest_id, account, state, CASE WHEN state = 'sending' THEN lease_until END AS lease_until, count(*) AS rows
              FROM old_rows WHERE state IN ('staged', 'sending') GROUP BY 1, 2, 3, 4) d;
    ELSE
        PERFORM bulkrefunds.manifest_open_counter_add(array_agg(ROW(manifest_id, account, state, lease_until, rows)::bulkrefunds.manifest_open_counter))
        FROM (SELECT manifest_id, account, state, lease_until, sum(n)::bigint AS rows
              FROM (SELECT manifest_id, account, state, CASE WHEN state = 'sending' THEN lease_until END AS lease_until, 1 AS n
                    FROM new_rows WHERE state IN ('staged', 'sending')
                    UNION ALL
                    SELECT manifest_id, account, state, CASE WHEN state = 'sending' THEN lease_until END, -1
                    FROM old_rows WHERE state IN ('staged', 'sending')) u
              GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0) d;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER manifest_open_counter_insert AFTER INSERT ON bulkrefunds.manifest_row
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bulkrefunds.manifest_open_counter_on_change();
CREATE TRIGGER manifest_open_counter_update AFTER UPDATE ON bulkrefunds.manifest_row
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bulkrefunds.manifest_open_counter_on_change();
CREATE TRIGGER manifest_open_counter_delete AFTER DELETE ON bulkrefunds.manifest_row
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bulkrefunds.manifest_open_counter_on_change();

-- The open counters as a fresh count of the rows gives them.
CREATE FUNCTION bulkrefunds.manifest_open_counter_count(manifest uuid)
    RETURNS TABLE (account text, state text, lease_until timestamptz, rows bigint) LANGUAGE sql STABLE AS $$
    SELECT account, state, CASE WHEN state = 'sending' THEN lease_until END, count(*)
    FROM bulkrefunds.manifest_row WHERE manifest_id = manifest AND state IN ('staged', 'sending') GROUP BY 1, 2, 3
$$;

-- The check: every key where the open counters and a fresh count disagree (none, always). Reads the manifest's open rows.
CREATE FUNCTION bulkrefunds.manifest_open_counter_drift(manifest uuid)
    RETURNS TABLE (account text, state text, lease_until timestamptz, counted_rows bigint, kept_rows bigint) LANGUAGE sql STABLE AS $$
    SELECT coalesce(f.account, k.account), coalesce(f.state, k.state), coalesce(f.lease_until, k.lease_until),
           coalesce(f.rows, 0), coalesce(k.rows, 0)
    FROM bulkrefunds.manifest_open_counter_count(manifest) f
    FULL JOIN (SELECT c.account, c.state, c.lease_until, c.rows FROM bulkrefunds.manifest_open_counter c WHERE c.manifest_id = manifest) k
           ON k.account = f.account AND k.state = f.state AND k.lease_until IS NOT DISTINCT FROM f.lease_until
    WHERE f.rows IS DISTINCT FROM k.rows
$$;

-- The repair of sql/0020, now of both counters, under the lock writers take.
CREATE OR REPLACE FUNCTION bulkrefunds.rebuild_counters(manifest uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(4242018, hashtext(manifest::text));
    DELETE FROM bulkrefunds.manifest_counter WHERE manifest_id = manifest;
    INSERT INTO bulkrefunds.manifest_counter (manifest_id, state, currency, rows, amount_minor)
    SELECT manifest, f.state, f.currency, f.rows, f.amount_minor FROM bulkrefunds.manifest_counter_count(manifest) f;
    DELETE FROM bulkrefunds.manifest_open_counter WHERE manifest_id = manifest;
    INSERT INTO bulkrefunds.manifest_open_counter (manifest_id, account, state, lease_until, rows)
    SELECT manifest, f.account, f.state, f.lease_until, f.rows FROM bulkrefunds.manifest_open_counter_count(manifest) f;
END
$$;

-- Backfill: the open rows of manifests imported before this file (read through manifest_row_open_idx).
INSERT INTO bulkrefunds.manifest_open_counter (manifest_id, account, state, lease_until, rows)
SELECT m.manifest_id, f.account, f.state, f.lease_until, f.rows
FROM bulkrefunds.manifest m, LATERAL bulkrefunds.manifest_open_counter_count(m.manifest_id) f;
