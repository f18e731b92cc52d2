-- Portal accounts (admin, observatory bound to one region, planner for all regions or one),
-- their sign-in state (failed attempts, lockout) and the API tokens scripts use. Passwords are
-- stored as ASP.NET Core Identity hashes; tokens as the SHA-256 of the secret, never the secret.

CREATE TABLE users (
    id             INTEGER PRIMARY KEY,
    email          TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('admin', 'observatory', 'planner')),
    region_code    TEXT,
    password_hash  TEXT NOT NULL,
    lang           TEXT NOT NULL DEFAULT 'fr',
    failed_logins  INTEGER NOT NULL DEFAULT 0,
    locked_until   TEXT,
    disabled       INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT NOT NULL,
    last_login_at  TEXT,
    security_stamp TEXT NOT NULL,
    CHECK (role <> 'observatory' OR region_code IS NOT NULL)
);

CREATE UNIQUE INDEX ux_users_email ON users (email);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    name          TEXT NOT NULL,
    prefix        TEXT NOT NULL,
    token_hash    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_used_at  TEXT,
    revoked_at    TEXT
);

CREATE UNIQUE INDEX ux_api_tokens_hash ON api_tokens (token_hash);
CREATE INDEX ix_api_tokens_user ON api_tokens (user_id);

-- Who sent a submission through the portal or the API (null for the CLI and drop folders).
ALTER TABLE submissions ADD COLUMN uploaded_by INTEGER REFERENCES users (id);
