-- The gauges of rows in doubt and needing review (bulkrefunds_rows_in_doubt, bulkrefunds_rows_needs_review) are read
-- every few seconds on every server; this partial index makes that count read only those rows, never manifest_row
-- as a whole. Rows enter and leave these states rarely, so it costs writes almost nothing.
CREATE INDEX manifest_row_attention_idx ON bulkrefunds.manifest_row (state)
    WHERE state IN ('in_doubt', 'needs_review');
