-- Staging schema for BulkRefunds. Shipped files are never edited: add the next number instead.
-- Hangfire keeps its own schema (hangfire); everything of ours lives in bulkrefunds.

CREATE TABLE bulkrefunds.manifest (
    manifest_id   uuid        NOT NULL,
    file_name     text        NOT NULL,
    sha256        text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes    bigint      NOT NULL CHECK (size_bytes >= 0),
    uploaded_at   timestamptz NOT NULL,
    uploaded_by   text        NOT NULL,
    row_count     integer     NOT NULL CHECK (row_count >= 0),
    completed_at  timestamptz,
    CONSTRAINT manifest_pkey PRIMARY KEY (manifest_id),
    -- The same bytes uploaded twice are the same manifest: this is what stops a re-upload refunding twice.
    CONSTRAINT manifest_sha256_key UNIQUE (sha256)
);
COMMENT ON TABLE bulkrefunds.manifest IS 'One uploaded CSV return manifest, identified by the SHA-256 of its bytes.';

CREATE TABLE bulkrefunds.manifest_row (
    row_id            bigint      GENERATED ALWAYS AS IDENTITY,
    manifest_id       uuid        NOT NULL REFERENCES bulkrefunds.manifest (manifest_id),
    line_number       integer     NOT NULL CHECK (line_number > 0),
    account           text        NOT NULL,
    action            text        NOT NULL CHECK (action IN ('refund', 'release')),
    order_id          text        NOT NULL,
    currency          text,
    amount_minor      bigint      CHECK (amount_minor > 0),
    reference         text,
    description       text,
    problems          text,
    state             text        NOT NULL CHECK (state IN
                          ('staged', 'sending', 'succeeded', 'failed', 'in_doubt', 'invalid', 'duplicate')),
    -- Fixed at staging, before any call, and reused on every retry of this row.
    idempotency_key   uuid        NOT NULL,
    -- The exact JSON sent; written in the transaction that first moves the row to 'sending' and never changed,
    -- because Klarna ignores the body when it matches a key: a new body under an old key would be silently dropped.
    request_body      text,
    lease_owner       uuid,
    lease_until       timestamptz,
    attempts          integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    first_attempt_at  timestamptz,
    completed_at      timestamptz,
    http_status       integer,
    refund_id         text,
    location          text,
    error_code        text,
    error_message     text,
    correlation_id    text,
    retryable         boolean,
    CONSTRAINT manifest_row_pkey PRIMARY KEY (row_id),
    CONSTRAINT manifest_row_line_key UNIQUE (manifest_id, line_number),
    CONSTRAINT manifest_row_idempotency_key_key UNIQUE (idempotency_key),
    CONSTRAINT manifest_row_valid_refund_has_amount CHECK
        (state IN ('invalid', 'duplicate') OR action <> 'refund' OR (amount_minor IS NOT NULL AND currency IS NOT NULL)),
    CONSTRAINT manifest_row_invalid_has_problems CHECK ((state = 'invalid') = (problems IS NOT NULL))
);
COMMENT ON TABLE bulkrefunds.manifest_row IS
    'One manifest data row and its state machine: staged -> sending -> succeeded | failed | in_doubt (or invalid / duplicate at import).';

-- Dispatch claims only open rows; the partial index keeps that scan small on large manifests.
CREATE INDEX manifest_row_open_idx ON bulkrefunds.manifest_row (manifest_id, row_id)
    WHERE state IN ('staged', 'sending');

CREATE TABLE bulkrefunds.row_attempt (
    attempt_id      bigint      GENERATED ALWAYS AS IDENTITY,
    row_id          bigint      NOT NULL REFERENCES bulkrefunds.manifest_row (row_id),
    attempted_at    timestamptz NOT NULL,
    outcome         text        NOT NULL CHECK (outcome IN ('succeeded', 'failed', 'retryable', 'in_doubt')),
    http_status     integer,
    error_code      text,
    correlation_id  text,
    CONSTRAINT row_attempt_pkey PRIMARY KEY (attempt_id)
);
CREATE INDEX row_attempt_row_idx ON bulkrefunds.row_attempt (row_id);
COMMENT ON TABLE bulkrefunds.row_attempt IS 'Every HTTP attempt made for a row, for the report and for support cases with Klarna.';
