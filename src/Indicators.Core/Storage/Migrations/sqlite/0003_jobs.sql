-- Job history (one row a run: job, parameters, node, start, end, outcome, error), keyed by the
-- fire so that a second fire of the same trigger on another node is a no-op; and the reminders
-- of what is missing for a quarter.

CREATE TABLE job_runs (
    id          INTEGER PRIMARY KEY,
    job         TEXT NOT NULL,
    parameters  TEXT NOT NULL,
    fire_key    TEXT NOT NULL,
    node        TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    ended_at    TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'skipped')),
    error       TEXT,
    note        TEXT
);

CREATE UNIQUE INDEX ux_job_runs_fire ON job_runs (fire_key);
CREATE INDEX ix_job_runs_started ON job_runs (started_at);

CREATE TABLE reminders (
    id             INTEGER PRIMARY KEY,
    quarter        TEXT NOT NULL,
    region_code    TEXT NOT NULL,
    province_code  TEXT,
    reason         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    emailed_at     TEXT
);

CREATE INDEX ix_reminders_quarter ON reminders (quarter, region_code);
