-- The audit trail (issue 14): one row per operator act, appended in the act's own transaction where it has one.
-- Append-only is enforced here, not by the application's good manners: UPDATE, DELETE and TRUNCATE are refused by
-- triggers for every role, including the table's owner (only ALTER TABLE … DISABLE TRIGGER, a schema change, gets
-- past them, and that is an act a database audit log records).
CREATE TABLE bulkrefunds.audit_entry (
    audit_id     bigint      GENERATED ALWAYS AS IDENTITY,
    recorded_at  timestamptz NOT NULL,
    -- The signed-in name, the local operator ('local:<user>'), or the process that acted for nobody ('cli:<user>').
    actor        text        NOT NULL CHECK (actor <> ''),
    act          text        NOT NULL CHECK (act IN (
                     'upload', 'approve', 'cancel', 'retry', 'resolve', 'resolve_confirm', 'verify_report',
                     'sign_in_lockout', 'release_stale')),
    -- No foreign keys: an entry outlives whatever it names, and a rejected upload names no manifest.
    manifest_id  uuid        NULL,
    row_id       bigint      NULL,
    -- What was done, in the operator's words where there are any (a resolution's comment), never exception text.
    detail       text        NOT NULL DEFAULT '',
    CONSTRAINT audit_entry_pkey PRIMARY KEY (audit_id)
);

COMMENT ON TABLE bulkrefunds.audit_entry IS
    'Append-only trail of operator acts (docs/operators.md, Audit trail): who did what, when, to which manifest/row. '
    'Never updated or deleted: triggers refuse it.';

CREATE INDEX audit_entry_manifest_idx ON bulkrefunds.audit_entry (manifest_id, audit_id) WHERE manifest_id IS NOT NULL;
CREATE INDEX audit_entry_recorded_idx ON bulkrefunds.audit_entry (recorded_at, audit_id);

CREATE FUNCTION bulkrefunds.audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on bulkrefunds.audit_entry is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER audit_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON bulkrefunds.audit_entry
    FOR EACH ROW EXECUTE FUNCTION bulkrefunds.audit_entry_refuse_change();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON bulkrefunds.audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION bulkrefunds.audit_entry_refuse_change();

REVOKE UPDATE, DELETE, TRUNCATE ON bulkrefunds.audit_entry FROM PUBLIC;
