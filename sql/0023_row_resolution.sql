-- Resolving a row that needs review (issue 14; docs/operators.md, "Resolving rows that need review").
--
-- Nothing we can read proves whether a needs_review row's refund (or release) was applied, so a person looks in
-- Klarna's portal and records what they found: refunded (with the refund id; a release: released) or not applied,
-- with a comment. Under Approval:FourEyes the first operator's answer waits here as a proposal and changes nothing
-- until a different operator confirms it (or anyone rejects it: the proposal is deleted; the audit trail keeps it).
-- The row changes in the transaction that applies the resolution: succeeded with the refund id, or failed and
-- retryable — still the live holder of its return (sql/0010), so a re-upload of the same return takes it over.
CREATE TABLE bulkrefunds.row_resolution (
    resolution_id   bigint      GENERATED ALWAYS AS IDENTITY,
    row_id          bigint      NOT NULL REFERENCES bulkrefunds.manifest_row (row_id),
    manifest_id     uuid        NOT NULL REFERENCES bulkrefunds.manifest (manifest_id),
    outcome         text        NOT NULL CHECK (outcome IN ('refunded', 'not_applied')),
    -- Klarna's refund id as the portal shows it: required for a refund found refunded (the service checks, it knows the
    -- row's action); a release has none, and "not applied" never has one.
    refund_id       text        NULL CHECK (refund_id = btrim(refund_id) AND refund_id <> '' AND length(refund_id) <= 100),
    comment         text        NOT NULL CHECK (comment = btrim(comment) AND comment <> '' AND length(comment) <= 500),
    proposed_by     text        NOT NULL CHECK (proposed_by <> ''),
    proposed_at     timestamptz NOT NULL,
    -- When the row changed: at once when no confirmation is needed, else when a second operator confirmed.
    applied_at      timestamptz NULL,
    confirmed_by    text        NULL CHECK (confirmed_by <> ''),
    confirm_comment text        NULL CHECK (confirm_comment = btrim(confirm_comment) AND confirm_comment <> '' AND length(confirm_comment) <= 500),
    CONSTRAINT row_resolution_pkey PRIMARY KEY (resolution_id),
    CONSTRAINT row_resolution_not_applied_names_no_refund CHECK (outcome = 'refunded' OR refund_id IS NULL),
    CONSTRAINT row_resolution_confirmed_is_applied CHECK (confirmed_by IS NULL OR applied_at IS NOT NULL),
    CONSTRAINT row_resolution_confirm_comment_needs_confirmer CHECK (confirm_comment IS NULL OR confirmed_by IS NOT NULL),
    -- The four-eyes rule in the schema: whoever proposed a resolution never confirms it.
    CONSTRAINT row_resolution_four_eyes CHECK (confirmed_by IS DISTINCT FROM proposed_by)
);

COMMENT ON TABLE bulkrefunds.row_resolution IS
    'An operator''s answer for a needs_review row (refunded with the refund id, or not applied), pending until applied_at '
    '(confirmed by a second operator under Approval:FourEyes). The report''s note and summary show applied resolutions.';

-- One proposal awaits confirmation per row at a time; a row resolved "not applied" and later in review again can be
-- resolved anew (its earlier resolution stays).
CREATE UNIQUE INDEX row_resolution_one_pending_per_row ON bulkrefunds.row_resolution (row_id) WHERE applied_at IS NULL;
-- The report reads a manifest's resolutions beside its rows.
CREATE INDEX row_resolution_manifest_idx ON bulkrefunds.row_resolution (manifest_id, row_id, resolution_id);
