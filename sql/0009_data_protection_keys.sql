-- ASP.NET Core Data Protection keys: they sign the sign-in cookie and the antiforgery tokens. Kept in the database
-- so that every `bulkrefunds serve` on it shares them: a restart, or a second instance behind a load balancer, keeps
-- people signed in. Stored as Data Protection writes them (not encrypted): whoever can read this database can
-- already change every manifest in it, so a separate key-encryption secret would add no protection here.
CREATE TABLE bulkrefunds.data_protection_key (
    friendly_name text        NOT NULL,
    xml           text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT data_protection_key_pkey PRIMARY KEY (friendly_name)
);
COMMENT ON TABLE bulkrefunds.data_protection_key IS 'The Data Protection key ring of the web host (sign-in cookies, antiforgery).';
