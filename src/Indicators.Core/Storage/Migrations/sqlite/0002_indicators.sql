-- Computed indicators: each computation of a quarter is a run (when, with which catalogue, from
-- which submissions); indicator_values holds the current run's figures for that quarter.

CREATE TABLE indicator_runs (
    id                 INTEGER PRIMARY KEY,
    quarter            TEXT NOT NULL,
    catalogue_id       TEXT NOT NULL,
    catalogue_version  INTEGER NOT NULL,
    rows_used          INTEGER NOT NULL,
    computed_at        TEXT NOT NULL
);

CREATE INDEX ix_indicator_runs_quarter ON indicator_runs (quarter, id);

CREATE TABLE indicator_run_submissions (
    run_id         INTEGER NOT NULL REFERENCES indicator_runs (id),
    submission_id  INTEGER NOT NULL REFERENCES submissions (id),
    PRIMARY KEY (run_id, submission_id)
) WITHOUT ROWID;

CREATE TABLE indicator_values (
    quarter      TEXT NOT NULL,
    region       TEXT NOT NULL,   -- HCP code, or _T for the three regions together
    indicator    TEXT NOT NULL,
    province     TEXT NOT NULL,
    sex          TEXT NOT NULL,
    age_group    TEXT NOT NULL,
    category     TEXT NOT NULL,
    value        REAL,
    se           REAL,
    ci_low       REAL,
    ci_high      REAL,
    cv           REAL,
    n            INTEGER NOT NULL,
    n_weighted   REAL,
    missing      INTEGER NOT NULL,
    flag         TEXT CHECK (flag IN ('x', 'u')),
    run_id       INTEGER NOT NULL REFERENCES indicator_runs (id),
    PRIMARY KEY (quarter, region, indicator, province, sex, age_group, category)
) WITHOUT ROWID;
