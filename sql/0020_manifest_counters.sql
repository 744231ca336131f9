-- Status at any size (issue 18): the Manifests page, GET /api/manifests[/{id}] and `run`'s progress read these counters
-- instead of counting a manifest's rows. Statement-level triggers on manifest_row keep them in the transaction that
-- moves the rows — every door (COPY import, claim, outcome, retry, cancel, hand-back, re-key, resolve, SQL by hand)
-- without code in each door.

CREATE TABLE bulkrefunds.manifest_counter (
    manifest_id   uuid   NOT NULL,
    state         text   NOT NULL,
    -- '' for rows without a currency (invalid rows, releases without one), so the key has no NULL.
    currency      text   NOT NULL,
    rows          bigint NOT NULL CHECK (rows >= 0),
    -- The report's money: amount_minor of refund rows that carry one, order-line rows excluded (they are in their
    -- refund's). Requested = the sum over states; refunded = the 'succeeded' state's.
    amount_minor  bigint NOT NULL CHECK (amount_minor >= 0),
    -- When rows last entered or left this key: a report file written before the manifest's latest is stale.
    changed_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT manifest_counter_pkey PRIMARY KEY (manifest_id, state, currency)
);
COMMENT ON TABLE bulkrefunds.manifest_counter IS
    'Rows and refund money per manifest, state and currency, kept by triggers on manifest_row; a key whose rows fall to 0 stays with 0.';

-- The contribution of a set of rows (a transition table, or the rows themselves), signed.
CREATE FUNCTION bulkrefunds.manifest_counter_amount(action text, state text, currency text, amount_minor bigint)
    RETURNS bigint LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN action = 'refund' AND state <> 'order_line' AND currency IS NOT NULL THEN coalesce(amount_minor, 0) ELSE 0 END;

-- Adds the net deltas to the counters (a key that would fall below zero fails its CHECK: the counters drifted). A
-- per-manifest transaction lock, taken in manifest order before the first write, makes a transaction that moves rows
-- in several statements hold its manifests' counters as one: two such transactions cannot deadlock over the order in
-- which they reach the counter rows. Deltas that net to zero (lease renewals, request bodies) write and lock nothing.
CREATE FUNCTION bulkrefunds.manifest_counter_add(deltas bulkrefunds.manifest_counter[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF deltas IS NULL THEN
        RETURN;
    END IF;
    PERFORM pg_advisory_xact_lock(4242018, hashtext(m.manifest_id::text))
    FROM (SELECT DISTINCT d.manifest_id FROM unnest(deltas) d ORDER BY d.manifest_id) m;
    -- Update, then insert the new keys: an INSERT … ON CONFLICT would test the CHECKs on a negative delta itself.
    -- Under the lock no other writer adds a key of these manifests between the two.
    UPDATE bulkrefunds.manifest_counter c
    SET rows = c.rows + d.rows, amount_minor = c.amount_minor + d.amount_minor, changed_at = clock_timestamp()
    FROM unnest(deltas) d
    WHERE c.manifest_id = d.manifest_id AND c.state = d.state AND c.currency = d.currency;
    INSERT INTO bulkrefunds.manifest_counter (manifest_id, state, currency, rows, amount_minor)
    SELECT d.manifest_id, d.state, d.currency, d.rows, d.amount_minor FROM unnest(deltas) d
    WHERE NOT EXISTS (SELECT 1 FROM bulkrefunds.manifest_counter c
                      WHERE c.manifest_id = d.manifest_id AND c.state = d.state AND c.currency = d.currency);
END
$$;

CREATE FUNCTION bulkrefunds.manifest_counter_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bulkrefunds.manifest_counter_add(array_agg(ROW(manifest_id, state, currency, rows, amount, NULL)::bulkrefunds.manifest_counter))
    FROM (SELECT manifest_id, state, coalesce(currency, '') AS currency, count(*) AS rows,
                 sum(bulkrefunds.manifest_counter_amount(action, state, currency, amount_minor))::bigint AS amount
          FROM new_rows GROUP BY 1, 2, 3) d;
    RETURN NULL;
END
$$;

CREATE FUNCTION bulkrefunds.manifest_counter_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bulkrefunds.manifest_counter_add(array_agg(ROW(manifest_id, state, currency, rows, amount, NULL)::bulkrefunds.manifest_counter))
    FROM (SELECT manifest_id, state, currency, sum(n)::bigint AS rows, sum(amount)::bigint AS amount
          FROM (SELECT manifest_id, state, coalesce(currency, '') AS currency, 1 AS n,
                       bulkrefunds.manifest_counter_amount(action, state, currency, amount_minor) AS amount FROM new_rows
                UNION ALL
                SELECT manifest_id, state, coalesce(currency, ''), -1,
                       -bulkrefunds.manifest_counter_amount(action, state, currency, amount_minor) FROM old_rows) u
          GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(amount) <> 0) d;
    RETURN NULL;
END
$$;

CREATE FUNCTION bulkrefunds.manifest_counter_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM bulkrefunds.manifest_counter_add(array_agg(ROW(manifest_id, state, currency, -rows, -amount, NULL)::bulkrefunds.manifest_counter))
    FROM (SELECT manifest_id, state, coalesce(currency, '') AS currency, count(*) AS rows,
                 sum(bulkrefunds.manifest_counter_amount(action, state, currency, amount_minor))::bigint AS amount
          FROM old_rows GROUP BY 1, 2, 3) d;
    RETURN NULL;
END
$$;

-- COPY fires statement-level AFTER INSERT triggers with their transition table (PostgreSQL >= 10).
CREATE TRIGGER manifest_counter_insert AFTER INSERT ON bulkrefunds.manifest_row
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bulkrefunds.manifest_counter_on_insert();
CREATE TRIGGER manifest_counter_update AFTER UPDATE ON bulkrefunds.manifest_row
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION bulkrefunds.manifest_counter_on_update();
CREATE TRIGGER manifest_counter_delete AFTER DELETE ON bulkrefunds.manifest_row
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bulkrefunds.manifest_counter_on_delete();

-- The counters as a fresh count of the rows gives them (keys with rows only): what the check and the rebuild compare to.
CREATE FUNCTION bulkrefunds.manifest_counter_count(manifest uuid)
    RETURNS TABLE (state text, currency text, rows bigint, amount_minor bigint) LANGUAGE sql STABLE AS $$
    SELECT state, coalesce(currency, ''), count(*), sum(bulkrefunds.manifest_counter_amount(action, state, currency, amount_minor))::bigint
    FROM bulkrefunds.manifest_row WHERE manifest_id = manifest GROUP BY 1, 2
$$;

-- The check: every key where the counters and a fresh count disagree (none, always). Reads the whole manifest.
CREATE FUNCTION bulkrefunds.manifest_counter_drift(manifest uuid)
    RETURNS TABLE (state text, currency text, counted_rows bigint, kept_rows bigint, counted_amount_minor bigint, kept_amount_minor bigint)
    LANGUAGE sql STABLE AS $$
    SELECT coalesce(f.state, k.state), coalesce(f.currency, k.currency), coalesce(f.rows, 0), coalesce(k.rows, 0),
           coalesce(f.amount_minor, 0), coalesce(k.amount_minor, 0)
    FROM bulkrefunds.manifest_counter_count(manifest) f
    FULL JOIN (SELECT c.state, c.currency, c.rows, c.amount_minor FROM bulkrefunds.manifest_counter c
               WHERE c.manifest_id = manifest AND c.rows <> 0) k ON k.state = f.state AND k.currency = f.currency
    WHERE f.rows IS DISTINCT FROM k.rows OR f.amount_minor IS DISTINCT FROM k.amount_minor
$$;

-- The repair: replaces a manifest's counters with a fresh count, under the lock writers take, so none is lost.
CREATE FUNCTION bulkrefunds.rebuild_counters(manifest uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(4242018, hashtext(manifest::text));
    DELETE FROM bulkrefunds.manifest_counter WHERE manifest_id = manifest;
    INSERT INTO bulkrefunds.manifest_counter (manifest_id, state, currency, rows, amount_minor)
    SELECT manifest, f.state, f.currency, f.rows, f.amount_minor FROM bulkrefunds.manifest_counter_count(manifest) f;
END
$$;

-- Backfill: the manifests imported before this file.
SELECT bulkrefunds.rebuild_counters(manifest_id) FROM bulkrefunds.manifest ORDER BY manifest_id;
