-- The portal's data-protection keys (they sign sign-in cookies and anti-forgery tokens), kept in
-- the shared database so that every portal node accepts the cookies of the others.

CREATE TABLE portal_keys (
    id             INTEGER PRIMARY KEY,
    friendly_name  TEXT NOT NULL,
    xml            TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
