-- The inclusiestage (issue 13): internship places within or with a
-- municipality for people with a disability, and the responses of
-- candidates.
--
-- A place is public until its closing date (closes_on, YYYY-MM-DD,
-- Europe/Amsterdam; the last day to respond); after it, it is not listed.
-- The contact route is the publisher's own description (an organisational
-- address at most), public with the place.
CREATE TABLE internships (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL,
    department   TEXT NOT NULL CHECK (department <> ''),
    domain       TEXT NOT NULL,
    hours        INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 40),
    access       TEXT NOT NULL DEFAULT '', -- comma-separated feature ids
    access_note  TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    contact      TEXT NOT NULL CHECK (contact <> ''),
    closes_on    TEXT NOT NULL,
    published_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    withdrawn_at TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX internships_open ON internships (closes_on, code);

-- Responses of candidates: personal data, seen only by the coordinator and
-- the contributors of the place's municipality. The personal link to delete
-- a response is stored only as a SHA-256 hash; responses are deleted N days
-- after the place's closing date (the retention of sign-ups).
CREATE TABLE internship_responses (
    id            INTEGER PRIMARY KEY,
    internship_id INTEGER NOT NULL REFERENCES internships (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    email         TEXT NOT NULL COLLATE NOCASE,
    message       TEXT NOT NULL DEFAULT '',
    access_needs  TEXT NOT NULL DEFAULT '',
    delete_hash   TEXT NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    UNIQUE (internship_id, email)
);
