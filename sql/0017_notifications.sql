-- Notifications (issue 13): an outbox of events and one delivery row per configured target. The event and its
-- deliveries are written in the transaction of the act they report where the act has one (import, recorded outcomes),
-- so an event exists exactly when its act committed; Hangfire jobs then deliver each row, retried by Hangfire.
CREATE TABLE bulkrefunds.notification_event (
    event_id    uuid        PRIMARY KEY,
    type        text        NOT NULL,
    -- No foreign key: job.failed names the manifest a failed job was given, which need not exist any more.
    manifest_id uuid        NULL,
    -- Acts that may be observed more than once (completion, a run's report) name themselves; a second raise is a no-op.
    dedup_key   text        NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    CONSTRAINT notification_event_type_check CHECK (type IN (
        'manifest.awaiting_approval', 'manifest.completed', 'rows.needs_review', 'job.failed', 'release_run.completed')),
    CONSTRAINT notification_event_dedup_key_key UNIQUE (dedup_key)
);

COMMENT ON TABLE bulkrefunds.notification_event IS
    'Outbox of notification events (docs/operations.md, Notifications): what happened, for whom it is sent by '
    'notification_delivery. payload is the "data" member of the body sent to receivers.';

CREATE INDEX notification_event_manifest_idx ON bulkrefunds.notification_event (manifest_id) WHERE manifest_id IS NOT NULL;

CREATE TABLE bulkrefunds.notification_delivery (
    event_id      uuid        NOT NULL REFERENCES bulkrefunds.notification_event (event_id),
    -- webhook:<name> or email, as configured under Notifications when the event was raised.
    target        text        NOT NULL,
    state         text        NOT NULL DEFAULT 'pending',
    attempts      int         NOT NULL DEFAULT 0,
    -- A worker sending this delivery holds it until then; another worker (a second job) leaves it alone meanwhile.
    claimed_until timestamptz NULL,
    -- Set once its Hangfire job is enqueued; still NULL a minute after the event, the notification sweep enqueues it
    -- (the process died between the commit and the enqueue, or Hangfire's storage was unreachable then).
    enqueued_at   timestamptz NULL,
    last_error    text        NULL,
    delivered_at  timestamptz NULL,
    PRIMARY KEY (event_id, target),
    CONSTRAINT notification_delivery_state_check CHECK (state IN ('pending', 'delivered')),
    CONSTRAINT notification_delivery_delivered_check CHECK ((state = 'delivered') = (delivered_at IS NOT NULL))
);

COMMENT ON TABLE bulkrefunds.notification_delivery IS
    'One row per event and target. A row marked delivered is never sent again; a worker that dies after sending but '
    'before marking leaves it pending, so that one delivery may be sent twice: receivers deduplicate on the event id.';

CREATE INDEX notification_delivery_unenqueued_idx ON bulkrefunds.notification_delivery (event_id) WHERE state = 'pending' AND enqueued_at IS NULL;
