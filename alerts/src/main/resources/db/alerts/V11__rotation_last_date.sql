-- A rotation may end: a rota for the holidays stands in for the ordinary one, which applies again after its last day.
-- Empty: it applies until a rotation of the role that takes precedence starts, as before.
ALTER TABLE oncall_rotations ADD COLUMN last_date date;
ALTER TABLE oncall_rotations ADD CONSTRAINT oncall_rotations_last_after_first
  CHECK (last_date IS NULL OR last_date >= anchor_date);
