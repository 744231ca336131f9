-- Settlements (issue 15, docs/settlements.md): Klarna's payouts and their transactions, stored as fetched, and which
-- of our refund rows each RETURN settled. Ingest writes with ON CONFLICT DO NOTHING, so fetching a window twice
-- changes nothing; matching is set-based SQL in SettlementStore.

CREATE TABLE bulkrefunds.settlement_payout (
    account                  text        NOT NULL,
    payment_reference        text        NOT NULL CHECK (payment_reference <> ''),
    payout_date              timestamptz NOT NULL,
    currency                 text        NOT NULL,
    merchant_settlement_type text,
    -- Minor units as Klarna sends them; their sign is unconfirmed (settlements-contract.md §5.2), so no CHECK on it.
    sale_amount              bigint      NOT NULL,
    return_amount            bigint      NOT NULL,
    reversal_amount          bigint      NOT NULL,
    fee_amount               bigint      NOT NULL,
    settlement_amount        bigint      NOT NULL,
    fetched_at               timestamptz NOT NULL,
    CONSTRAINT settlement_payout_pkey PRIMARY KEY (account, payment_reference)
);
COMMENT ON TABLE bulkrefunds.settlement_payout IS
    'One Klarna payout, written after all its transactions: a payout here is completely ingested, and the latest payout_date per account is the ingest watermark.';

-- The watermark: the next window starts at the latest ingested payout of the account (minus Settlements:OverlapDays).
CREATE INDEX settlement_payout_watermark_idx ON bulkrefunds.settlement_payout (account, payout_date);

CREATE TABLE bulkrefunds.settlement_transaction (
    transaction_id           bigint      GENERATED ALWAYS AS IDENTITY,
    account                  text        NOT NULL,
    payment_reference        text        NOT NULL,
    -- The natural key (the API has no transaction id): line_key is a 64-bit hash of the line's content (type,
    -- detailed_type, order_id, refund_id, merchant_refund_reference, capture_date, sale_date, amount, currency,
    -- short_order_id) and occurrence numbers identical lines within one payout (1, 2, … in page order). Two identical
    -- fee lines in one payout are two lines; the same payout fetched again gives the same keys, whatever the order of
    -- its distinct lines, because only identical (interchangeable) lines are told apart by their order.
    line_key                 bigint      NOT NULL,
    occurrence               integer     NOT NULL CHECK (occurrence > 0),
    type                     text        NOT NULL,
    detailed_type            text,
    amount                   bigint      NOT NULL,
    currency                 text        NOT NULL,
    order_id                 text        NOT NULL,
    refund_id                text,
    merchant_refund_reference text,
    sale_date                timestamptz,
    capture_date             timestamptz,
    short_order_id           text,
    -- The refund row this RETURN settles (null: not matched, or not a return); set once by matching.
    matched_row_id           bigint,
    matched_by               text        CHECK (matched_by IN ('refund_id', 'order_amount_reference')),
    matched_at               timestamptz,
    CONSTRAINT settlement_transaction_pkey PRIMARY KEY (transaction_id),
    CONSTRAINT settlement_transaction_natural_key UNIQUE (account, payment_reference, line_key, occurrence),
    CONSTRAINT settlement_transaction_match_recorded CHECK
        ((matched_row_id IS NULL) = (matched_by IS NULL) AND (matched_row_id IS NULL) = (matched_at IS NULL))
);
COMMENT ON TABLE bulkrefunds.settlement_transaction IS
    'One transaction of a Klarna payout, keyed by (account, payment_reference, line_key, occurrence); returns carry the refund row they settle.';

-- Matching reads the returns not yet matched, by refund id and by order; the unmatched-returns part of the report by
-- order too.
CREATE INDEX settlement_transaction_open_refund_idx ON bulkrefunds.settlement_transaction (account, refund_id)
    WHERE matched_row_id IS NULL AND type IN ('RETURN', 'REVERSAL');
CREATE INDEX settlement_transaction_order_idx ON bulkrefunds.settlement_transaction (account, order_id, abs(amount));
CREATE INDEX settlement_transaction_matched_row_idx ON bulkrefunds.settlement_transaction (matched_row_id)
    WHERE matched_row_id IS NOT NULL;
-- A matching pass re-adds the rows whose returns it matched (matched_at = the pass's transaction time).
CREATE INDEX settlement_transaction_matched_at_idx ON bulkrefunds.settlement_transaction (account, matched_at)
    WHERE matched_at IS NOT NULL;

-- Per refund row, what its matched returns add up to: kept by matching (not computed on demand) so the Manifests page
-- counts "settled x of y" over a few index entries per manifest, and the manifest report joins one row per refund.
-- not_yet_settled and overdue are not stored: they depend on the clock and Settlements:OverdueAfterDays.
CREATE TABLE bulkrefunds.settlement_match (
    row_id                bigint      NOT NULL REFERENCES bulkrefunds.manifest_row (row_id),
    manifest_id           uuid        NOT NULL,
    account               text        NOT NULL,
    status                text        NOT NULL CHECK (status IN ('settled', 'amount_differs')),
    settled_amount_minor  bigint      NOT NULL CHECK (settled_amount_minor >= 0),
    -- The latest payout that carried a return of this row (one refund may split over several, §8 Q3).
    payment_reference     text        NOT NULL,
    payout_date           timestamptz NOT NULL,
    transactions          integer     NOT NULL CHECK (transactions > 0),
    matched_at            timestamptz NOT NULL,
    CONSTRAINT settlement_match_pkey PRIMARY KEY (row_id)
);
COMMENT ON TABLE bulkrefunds.settlement_match IS
    'A refund row that Klarna''s settlements carry: settled when the absolute amounts of its matched returns add up to the refund, else amount_differs.';
CREATE INDEX settlement_match_manifest_idx ON bulkrefunds.settlement_match (manifest_id, status);

-- Our side of the match: refund rows by Klarna's refund id, and the succeeded refunds of the lookback by account and
-- time (the settlement report), without scanning manifest_row.
CREATE INDEX manifest_row_refund_id_idx ON bulkrefunds.manifest_row (account, refund_id)
    WHERE action = 'refund' AND state = 'succeeded' AND refund_id IS NOT NULL;
CREATE INDEX manifest_row_succeeded_refund_idx ON bulkrefunds.manifest_row (account, completed_at)
    WHERE action = 'refund' AND state = 'succeeded';
