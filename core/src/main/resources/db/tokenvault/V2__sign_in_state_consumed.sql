-- A used sign-in state stays as a tombstone until it expires, so a replayed callback is told apart
-- from a forged one.
alter table tv_sign_in_states add column consumed_at timestamp with time zone;
