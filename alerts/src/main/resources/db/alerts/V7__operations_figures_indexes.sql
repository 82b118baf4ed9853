-- Every hub reads the operations totals (escalations, unstaffed steps, dead letters) for /metrics every few seconds.
-- Without these the counts scanned every alert transition and notification ever written; the engine's own
-- transitions and the dead letters are a small part of them.
CREATE INDEX IF NOT EXISTS alert_transitions_by_engine ON alert_transitions (action)
  WHERE actor_id = 'escalation-engine';
CREATE INDEX IF NOT EXISTS notifications_dead ON notifications (id) WHERE status = 'DEAD';
