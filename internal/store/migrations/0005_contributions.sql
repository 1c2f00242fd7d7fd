-- Accounts of the people who supply and review data (issue: data collection).
-- Names are login names, never shown publicly; organisation and position are
-- what the public sees ("gemeente Zwolle, beleidsmedewerker"). Secrets are
-- stored only as hashes: passphrases as argon2id, links and sessions as SHA-256
-- of 256-bit random values.
CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    role            TEXT NOT NULL CHECK (role IN ('coordinator', 'contributor')),
    organisation    TEXT NOT NULL CHECK (organisation <> ''),
    position        TEXT NOT NULL DEFAULT '',
    passphrase_hash TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    expires_at      TEXT NOT NULL DEFAULT '',
    revoked_at      TEXT NOT NULL DEFAULT '',
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE account_scopes (
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code       TEXT NOT NULL,
    PRIMARY KEY (account_id, code)
);

-- Single-use invitation links (the account sets its passphrase through one).
CREATE TABLE invites (
    hash       TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sessions (
    hash       TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen  TEXT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);

-- Feed tokens authenticate a coordinator's Atom feed of new queue items.
CREATE TABLE feed_tokens (
    hash       TEXT PRIMARY KEY,
    account_id INTEGER NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE
);

-- A submission is one contributor's answers for one municipality: a draft
-- while being filled, then submitted, and approved (published as a new
-- assessment version), sent back with a reason, or rejected. Never public
-- before approval.
CREATE TABLE submissions (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL,
    account_id   INTEGER NOT NULL REFERENCES accounts (id),
    status       TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'sent_back', 'approved', 'rejected')),
    document     TEXT NOT NULL CHECK (json_valid(document)),
    reason       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    submitted_at TEXT NOT NULL DEFAULT '',
    reviewed_at  TEXT NOT NULL DEFAULT '',
    reviewed_by  INTEGER REFERENCES accounts (id),
    version      INTEGER REFERENCES assessments (id)
);
CREATE INDEX submissions_status ON submissions (status, id);
CREATE INDEX submissions_account ON submissions (account_id, code, status);

-- Corrections reported by the public ("klopt dit niet?"). The optional
-- contact is personal data: it is erased when the item is closed.
CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL,
    what       TEXT NOT NULL CHECK (what <> ''),
    source_url TEXT NOT NULL DEFAULT '',
    contact    TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at TEXT NOT NULL,
    closed_at  TEXT NOT NULL DEFAULT '',
    closed_by  INTEGER REFERENCES accounts (id)
);
CREATE INDEX corrections_status ON corrections (status, id);
