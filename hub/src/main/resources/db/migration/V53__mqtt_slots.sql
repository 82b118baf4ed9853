-- The stream's MQTT client ids as slots that live hubs lease, so a surviving hub resumes a dead
-- hub's persistent session (docs/reliability.md). Lease times come from the database clock only.
CREATE TABLE mqtt_slots (
    client_id   text PRIMARY KEY,
    holder      text,
    expires_at  timestamptz,
    taken_over  integer NOT NULL DEFAULT 0,
    -- A hub without a slot asking for this one (and when): a hub holding more than one hands it
    -- back, and for three lease times only the asking hub may take it.
    wanted_by   text,
    wanted_at   timestamptz
);
