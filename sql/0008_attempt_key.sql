-- The key each HTTP attempt was sent with. A row past Klarna's 24 h key window that the order proves was never
-- applied is sent again under a new key (IdempotencyKeys.Next), so one row's attempts can carry two keys; Klarna's
-- support finds a request by its key, and the row itself only keeps the newest.
ALTER TABLE bulkrefunds.row_attempt ADD COLUMN idempotency_key uuid;

COMMENT ON COLUMN bulkrefunds.row_attempt.idempotency_key IS
    'The Klarna-Idempotency-Key this attempt was sent with; null only for attempts recorded before this column existed.';
