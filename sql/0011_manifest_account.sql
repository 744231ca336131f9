-- Workers fail closed: a manifest remembers which Klarna each of its accounts pointed to when it was imported, and a
-- worker claims (and the recovery and release sweeps pick) only rows whose account it has configured with that same
-- endpoint. A process started against this database with other Klarna settings — a cron shell without the Klarna
-- variables, a worker missing an account — leaves the rows alone instead of settling them against the wrong Klarna.
CREATE TABLE bulkrefunds.manifest_account (
    manifest_id  uuid NOT NULL REFERENCES bulkrefunds.manifest (manifest_id),
    account      text NOT NULL,
    -- 'simulator' or the API address (scheme, host, port, path): never user info or credentials.
    endpoint     text NOT NULL CHECK (endpoint <> ''),
    CONSTRAINT manifest_account_pkey PRIMARY KEY (manifest_id, account)
);
COMMENT ON TABLE bulkrefunds.manifest_account IS
    'The Klarna endpoint each account of a manifest pointed to at import (one row per account of its valid rows); only a worker configured with the same endpoint sends its rows. Manifests imported before this table have no rows here and are sent by no worker until one is added by hand.';
