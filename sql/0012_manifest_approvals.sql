-- Four-eyes on every door (issue 11). A manifest that no signed-in person uploaded (the drop folder, the command line)
-- has no uploader the four-eyes rule could exclude, so whoever dropped the file could approve it. Such a manifest needs
-- two approvals by two different operators; a web upload keeps one approval by someone other than its uploader.
--
-- manifest.approved_at / approved_by keep meaning "fully approved" (dispatch and the recovery sweep claim rows of a
-- manifest only when approved_at is set); they are set in the same transaction as the approval that reaches the count.
ALTER TABLE bulkrefunds.manifest
    ADD COLUMN approvals_required smallint NOT NULL DEFAULT 1,
    ADD CONSTRAINT manifest_approvals_required_check CHECK (approvals_required BETWEEN 1 AND 2);

COMMENT ON COLUMN bulkrefunds.manifest.approvals_required IS
    'Approvals by different operators needed before approved_at is set (when approval_required): fixed at import by '
    'the door the file came through — 2 under Approval:FourEyes when no signed-in person uploaded it, otherwise 1.';

CREATE TABLE bulkrefunds.manifest_approval (
    manifest_id uuid        NOT NULL REFERENCES bulkrefunds.manifest (manifest_id) ON DELETE CASCADE,
    approved_by text        NOT NULL,
    approved_at timestamptz NOT NULL,
    -- One approval per person: "two approvals" always means two different operators.
    CONSTRAINT manifest_approval_pkey PRIMARY KEY (manifest_id, approved_by)
);
COMMENT ON TABLE bulkrefunds.manifest_approval IS
    'Every operator approval of a manifest (who, when); the manifest is approved when it holds approvals_required rows.';

-- Approvals given before this table existed were complete approvals by one person.
INSERT INTO bulkrefunds.manifest_approval (manifest_id, approved_by, approved_at)
SELECT manifest_id, approved_by, approved_at FROM bulkrefunds.manifest WHERE approved_at IS NOT NULL;
