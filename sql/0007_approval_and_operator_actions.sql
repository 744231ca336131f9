-- Two-step approval and the operator's actions (docs/operators.md).
--
-- A manifest uploaded through the web (by default) waits for an operator's approval before any of its rows is
-- claimed; dispatch and the recovery sweep only claim rows of manifests that need no approval or have it.
ALTER TABLE bulkrefunds.manifest
    ADD COLUMN approval_required boolean     NOT NULL DEFAULT false,
    ADD COLUMN approved_at       timestamptz,
    ADD COLUMN approved_by       text,
    ADD CONSTRAINT manifest_approval_recorded CHECK ((approved_at IS NULL) = (approved_by IS NULL)),
    ADD CONSTRAINT manifest_approval_needed CHECK (approval_required OR approved_at IS NULL);

COMMENT ON COLUMN bulkrefunds.manifest.approval_required IS
    'true: nothing is sent until approved_at is set (awaiting_approval); the four-eyes rule may require approved_by <> uploaded_by.';

-- "Cancel remaining": rows never sent become skipped (terminal, reported, never sent).
ALTER TABLE bulkrefunds.manifest_row DROP CONSTRAINT manifest_row_state_check;
ALTER TABLE bulkrefunds.manifest_row ADD CONSTRAINT manifest_row_state_check CHECK (state IN
    ('staged', 'sending', 'succeeded', 'failed', 'in_doubt', 'needs_review', 'not_releasable',
     'invalid', 'duplicate', 'order_line', 'scheduled', 'skipped'));
