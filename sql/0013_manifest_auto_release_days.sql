-- Releases are judged by the plan that wrote them (issue 11, scenarios 4 and 5). The release sweep writes stale
-- authorizations as a manifest of their own; dispatch checks "no capture for N days" again when it sends each release.
-- N is the sweep's Releases:AutoReleaseAfterDays, recorded here at import, so the worker that happens to send the row
-- — one with the setting at 0, or another number — never settles it with its own opinion.
ALTER TABLE bulkrefunds.manifest
    ADD COLUMN auto_release_after_days smallint NULL,
    ADD CONSTRAINT manifest_auto_release_after_days_check CHECK (auto_release_after_days > 0);

COMMENT ON COLUMN bulkrefunds.manifest.auto_release_after_days IS
    'For an auto-release manifest of the release sweep (uploaded_by release-sweep): the Releases:AutoReleaseAfterDays '
    'it was planned with; its releases are checked against it at send time, whatever the sending worker is configured '
    'with. NULL for every other manifest, and for auto-release manifests imported before this column existed (the '
    'threshold was not kept and cannot be recovered): those fall back to the sending worker''s setting.';
