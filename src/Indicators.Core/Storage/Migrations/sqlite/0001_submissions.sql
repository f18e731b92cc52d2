-- Submissions, their original files, accepted responses (typed columns) and row errors.

CREATE TABLE stored_files (
    sha256      TEXT PRIMARY KEY,
    size_bytes  INTEGER NOT NULL,
    path        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE submissions (
    id             INTEGER PRIMARY KEY,
    region_code    TEXT NOT NULL,
    quarter        TEXT NOT NULL,
    batch_label    TEXT NOT NULL,
    file_name      TEXT NOT NULL,
    sha256         TEXT NOT NULL REFERENCES stored_files (sha256),
    size_bytes     INTEGER NOT NULL,
    form_id        TEXT NOT NULL,
    form_version   INTEGER NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'accepted_with_errors', 'rejected', 'duplicate')),
    is_active      INTEGER NOT NULL DEFAULT 0,
    superseded_by  INTEGER REFERENCES submissions (id),
    duplicate_of   INTEGER REFERENCES submissions (id),
    sheet_name     TEXT,
    header_row     INTEGER,
    rows_read      INTEGER NOT NULL DEFAULT 0,
    rows_accepted  INTEGER NOT NULL DEFAULT 0,
    rows_rejected  INTEGER NOT NULL DEFAULT 0,
    source         TEXT NOT NULL DEFAULT 'cli',
    created_at     TEXT NOT NULL,
    completed_at   TEXT
);

-- One active submission per region, quarter and batch label: superseding is atomic.
CREATE UNIQUE INDEX ux_submissions_active_batch ON submissions (region_code, quarter, batch_label) WHERE is_active = 1;
CREATE INDEX ix_submissions_region_quarter ON submissions (region_code, quarter, is_active);
CREATE INDEX ix_submissions_sha ON submissions (sha256);

CREATE TABLE responses (
    submission_id            INTEGER NOT NULL REFERENCES submissions (id),
    row_number               INTEGER NOT NULL,
    respondent_id            TEXT NOT NULL,
    interview_date           TEXT NOT NULL,
    province                 TEXT NOT NULL,
    commune                  TEXT,
    sex                      TEXT NOT NULL,
    age                      INTEGER NOT NULL,
    nationality              TEXT NOT NULL,
    category                 TEXT NOT NULL,
    residence_status         TEXT,
    years_in_region          REAL,
    health_coverage          INTEGER NOT NULL,
    care_needed_12m          INTEGER,
    care_received_12m        INTEGER,
    children_6_17            INTEGER,
    children_in_school       INTEGER,
    education_level          TEXT,
    activity_status          TEXT,
    formal_job               INTEGER,
    sector                   TEXT,
    vocational_training_12m  INTEGER,
    language_course_12m      INTEGER,
    discrimination_12m       INTEGER,
    housing                  TEXT,
    remittances_12m_mad      REAL,
    investment_project       INTEGER,
    weight                   REAL NOT NULL,
    -- Fields a newer form adds before a migration gives them a column (JSON object).
    extras                   TEXT,
    PRIMARY KEY (submission_id, row_number)
) WITHOUT ROWID;

CREATE TABLE row_errors (
    id             INTEGER PRIMARY KEY,
    submission_id  INTEGER NOT NULL REFERENCES submissions (id),
    severity       TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
    code           TEXT NOT NULL,
    sheet          TEXT,
    row_number     INTEGER,
    column_index   INTEGER,
    column_name    TEXT,
    field          TEXT,
    value          TEXT,
    message_fr     TEXT NOT NULL,
    message_ar     TEXT NOT NULL,
    message_en     TEXT NOT NULL
);

CREATE INDEX ix_row_errors_submission ON row_errors (submission_id, row_number);
