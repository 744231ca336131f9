-- Attempts are written together with their row's outcome, one batch at a time; a worker killed mid-batch leaves no
-- attempts behind (its rows are resent with the same keys, and the ledger at Klarna stays exact).
COMMENT ON TABLE bulkrefunds.row_attempt IS
    'HTTP attempts of a row whose outcome was recorded (per batch); attempts of a worker that died before recording are not here.';
