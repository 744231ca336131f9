-- Order lines, the return-fee shorthand and duplicate detection (manifest format in docs/manifest-format.md).

ALTER TABLE bulkrefunds.manifest_row
    -- The row had line_* columns (even if they were not valid), so it belongs to a refund group.
    ADD COLUMN has_line                   boolean NOT NULL DEFAULT false,
    -- A release row's earliest day (the scheduled release sweep honours it).
    ADD COLUMN not_before                 date,
    ADD COLUMN line_name                  text,
    ADD COLUMN line_reference             text,
    ADD COLUMN line_type                  text,
    ADD COLUMN line_quantity              bigint CHECK (line_quantity > 0),
    ADD COLUMN line_unit_price            bigint,
    ADD COLUMN line_total_amount          bigint,
    ADD COLUMN line_tax_rate              integer CHECK (line_tax_rate >= 0),
    ADD COLUMN line_total_tax_amount      bigint,
    ADD COLUMN line_total_discount_amount bigint CHECK (line_total_discount_amount >= 0),
    -- The return-fee shorthand: amount_minor is then the net refund, this the fee charged back.
    ADD COLUMN return_fee_minor           bigint CHECK (return_fee_minor > 0),
    -- Rows with order lines and the same account, order_id and reference are one refund; this is the line
    -- number of the row that carries the call (the group's first row), on every row of the group.
    ADD COLUMN group_line                 integer,
    -- Why a row was not sent as a duplicate: the earlier row it repeats.
    ADD COLUMN duplicate_of               text,
    -- Report notes that are not problems, e.g. "no reference: not protected against cross-file duplicates".
    ADD COLUMN note                       text;

ALTER TABLE bulkrefunds.manifest_row DROP CONSTRAINT manifest_row_state_check;
ALTER TABLE bulkrefunds.manifest_row ADD CONSTRAINT manifest_row_state_check CHECK (state IN
    ('staged', 'sending', 'succeeded', 'failed', 'in_doubt', 'invalid', 'duplicate', 'order_line', 'scheduled'));

ALTER TABLE bulkrefunds.manifest_row DROP CONSTRAINT manifest_row_valid_refund_has_amount;
ALTER TABLE bulkrefunds.manifest_row ADD CONSTRAINT manifest_row_valid_refund_has_amount CHECK
    (state IN ('invalid', 'duplicate', 'order_line') OR action <> 'refund' OR (amount_minor IS NOT NULL AND currency IS NOT NULL));

ALTER TABLE bulkrefunds.manifest_row ADD CONSTRAINT manifest_row_duplicate_names_original CHECK
    ((state = 'duplicate') = (duplicate_of IS NOT NULL));

COMMENT ON COLUMN bulkrefunds.manifest_row.state IS
    'staged -> sending -> succeeded | failed | in_doubt; invalid and duplicate rows are never sent; order_line rows are sent as lines of the refund on group_line; scheduled release rows wait for not_before (the release sweep stages them).';

-- Cross-file duplicate lookups by business key.
CREATE INDEX manifest_row_business_key_idx ON bulkrefunds.manifest_row (order_id, account, action, reference, amount_minor)
    WHERE state IN ('staged', 'sending', 'succeeded', 'in_doubt', 'scheduled');
