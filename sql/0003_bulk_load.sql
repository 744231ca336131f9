-- Staging 1,000,000 rows must run near COPY speed (docs/benchmarks.md); every index and trigger on manifest_row is
-- paid once per copied row.
--
-- The foreign key from manifest_row to manifest costs a trigger and a lookup per row. Rows are only written in the
-- transaction that inserts their manifest (ManifestImporter), so the reference holds by construction; the trigger
-- below keeps a manifest from being deleted under its rows.
ALTER TABLE bulkrefunds.manifest_row DROP CONSTRAINT manifest_row_manifest_id_fkey;

CREATE FUNCTION bulkrefunds.manifest_keep_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM bulkrefunds.manifest_row WHERE manifest_id = OLD.manifest_id) THEN
        RAISE EXCEPTION 'manifest % still has rows', OLD.manifest_id;
    END IF;
    RETURN OLD;
END $$;

CREATE TRIGGER manifest_keep_rows BEFORE DELETE ON bulkrefunds.manifest
    FOR EACH ROW EXECUTE FUNCTION bulkrefunds.manifest_keep_rows();

-- Idempotency keys are UUIDv5 of (manifest SHA-256, line number); the manifest's SHA-256 and (manifest_id,
-- line_number) are unique, so keys are unique by construction and a random-order unique index is not worth its cost.
ALTER TABLE bulkrefunds.manifest_row DROP CONSTRAINT manifest_row_idempotency_key_key;

-- Cross-file duplicates: rows that were sent are found by order id through an index that rows enter when they are
-- claimed (one batch at a time), not when they are copied; rows still waiting are found through their manifest.
DROP INDEX bulkrefunds.manifest_row_business_key_idx;
CREATE INDEX manifest_row_sent_order_idx ON bulkrefunds.manifest_row (order_id)
    WHERE state IN ('sending', 'succeeded', 'in_doubt');
