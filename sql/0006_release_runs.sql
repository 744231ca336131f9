-- Release sweeps (scheduled or `bulkrefunds release-stale`) as runs, so each run gets a release report of its own:
-- which release rows it staged, from which manifests, and how each ended.

CREATE TABLE bulkrefunds.release_run (
    run_id       uuid        NOT NULL,
    started_at   timestamptz NOT NULL,
    -- The day the sweep ran for, in Releases:TimeZone; not_before is compared with it.
    release_day  date        NOT NULL,
    started_by   text        NOT NULL,
    CONSTRAINT release_run_pkey PRIMARY KEY (run_id)
);
COMMENT ON TABLE bulkrefunds.release_run IS 'One run of the release sweep; its rows are in release_run_row.';

CREATE TABLE bulkrefunds.release_run_row (
    run_id       uuid    NOT NULL REFERENCES bulkrefunds.release_run (run_id),
    manifest_id  uuid    NOT NULL,
    line_number  integer NOT NULL,
    CONSTRAINT release_run_row_pkey PRIMARY KEY (run_id, manifest_id, line_number),
    -- A release row is staged by exactly one run: overlapping sweeps race on the row's state, and only the winner
    -- tags it.
    CONSTRAINT release_run_row_row_key UNIQUE (manifest_id, line_number)
);
COMMENT ON TABLE bulkrefunds.release_run_row IS 'The release rows a sweep run staged (manifest_row by manifest_id and line_number).';
