-- Order lines leave manifest_row (issue 12). Every manifest row carried nine line_* columns, null on every row
-- without an order line, and the import wrote them all; a row's order line, when it has one, now lives here.
--
-- The line stays keyed by the manifest line that gave it: that row still carries the line's state, problems and
-- report line, and its group_line names the row that carries the refund (decided by the import rules after the
-- copy, so it is not repeated here). Rows are written by the import, in the same transaction as their row.

CREATE TABLE bulkrefunds.manifest_order_line (
    manifest_id           uuid    NOT NULL,
    line_number           integer NOT NULL,
    name                  text    NOT NULL,
    reference             text,
    type                  text    NOT NULL,
    quantity              bigint  NOT NULL CHECK (quantity > 0),
    unit_price            bigint  NOT NULL,
    total_amount          bigint  NOT NULL,
    tax_rate              integer CHECK (tax_rate >= 0),
    total_tax_amount      bigint,
    total_discount_amount bigint  NOT NULL CHECK (total_discount_amount >= 0),
    CONSTRAINT manifest_order_line_pkey PRIMARY KEY (manifest_id, line_number),
    CONSTRAINT manifest_order_line_row_fkey FOREIGN KEY (manifest_id, line_number)
        REFERENCES bulkrefunds.manifest_row (manifest_id, line_number)
);

COMMENT ON TABLE bulkrefunds.manifest_order_line IS
    'The order line (Klarna''s order_line, amounts in minor units) given on a manifest row; only rows with a readable line have one. The refund it belongs to is the row on that row''s group_line.';

INSERT INTO bulkrefunds.manifest_order_line
    (manifest_id, line_number, name, reference, type, quantity, unit_price, total_amount, tax_rate, total_tax_amount,
     total_discount_amount)
SELECT manifest_id, line_number, line_name, line_reference, line_type, line_quantity, line_unit_price, line_total_amount,
       line_tax_rate, line_total_tax_amount, line_total_discount_amount
FROM bulkrefunds.manifest_row
WHERE line_name IS NOT NULL;

ALTER TABLE bulkrefunds.manifest_row
    DROP COLUMN line_name,
    DROP COLUMN line_reference,
    DROP COLUMN line_type,
    DROP COLUMN line_quantity,
    DROP COLUMN line_unit_price,
    DROP COLUMN line_total_amount,
    DROP COLUMN line_tax_rate,
    DROP COLUMN line_total_tax_amount,
    DROP COLUMN line_total_discount_amount;
