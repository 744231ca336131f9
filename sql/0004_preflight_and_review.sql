-- Outcomes decided without sending: a release of an order with nothing left to release (terminal, never retried),
-- and a row a person must look at (an in-doubt row past Klarna's 24 h idempotency window that GET order cannot
-- settle). Dispatch options in appsettings.json say when each happens.
ALTER TABLE bulkrefunds.manifest_row DROP CONSTRAINT manifest_row_state_check;
ALTER TABLE bulkrefunds.manifest_row ADD CONSTRAINT manifest_row_state_check CHECK (state IN
    ('staged', 'sending', 'succeeded', 'failed', 'in_doubt', 'needs_review', 'not_releasable',
     'invalid', 'duplicate', 'order_line', 'scheduled'));
