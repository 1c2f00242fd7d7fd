-- The network's own pages (issue 13): meetings with sign-ups, members of the
-- theme network, and pages the coordinator writes (the plan).
--
-- Personal data (sign-ups, members) is kept to the minimum the purpose needs:
-- a name and e-mail address to reach the person, access needs to prepare the
-- meeting. It is never public; the personal links to cancel or leave are
-- stored only as SHA-256 hashes of 256-bit random values, and sign-ups are
-- deleted N days after their meeting (serve --signup-retention-days).

-- Times are local (Europe/Amsterdam): a date, and start and end times as
-- HH:MM or '' when unknown (the 2017 history has no times). A place without
-- a point is not on the map; lat/lon are WGS84.
CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL CHECK (title <> ''),
    scope        TEXT NOT NULL CHECK (scope IN ('national', 'regional')),
    date         TEXT NOT NULL,
    start_time   TEXT NOT NULL DEFAULT '',
    end_time     TEXT NOT NULL DEFAULT '',
    online       INTEGER NOT NULL DEFAULT 0,
    place        TEXT NOT NULL DEFAULT '',
    lat          REAL,
    lon          REAL,
    region       TEXT NOT NULL DEFAULT '',
    audience     TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    capacity     INTEGER NOT NULL DEFAULT 0 CHECK (capacity >= 0),
    history      INTEGER NOT NULL DEFAULT 0,
    source       TEXT NOT NULL DEFAULT '',
    cancelled_at TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX meetings_date ON meetings (date);

CREATE TABLE meeting_signups (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL COLLATE NOCASE,
    code         TEXT NOT NULL DEFAULT '',
    access_needs TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL CHECK (status IN ('confirmed', 'waiting')),
    cancel_hash  TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    UNIQUE (meeting_id, email)
);

-- Members of the theme network. Without e-mail (SMTP) a new member waits for
-- the coordinator ('queued'); only counts per municipality of confirmed
-- members are public.
CREATE TABLE members (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL UNIQUE COLLATE NOCASE,
    role       TEXT NOT NULL CHECK (role IN ('resident', 'council_member', 'civil_servant', 'organisation', 'researcher')),
    code       TEXT NOT NULL DEFAULT '',
    status     TEXT NOT NULL CHECK (status IN ('queued', 'confirmed')),
    leave_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
CREATE INDEX members_code ON members (status, code);

-- Pages the coordinator writes in Markdown (e.g. 'toekomstplanning').
CREATE TABLE pages (
    slug       TEXT PRIMARY KEY,
    markdown   TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL
);

-- The network's real history (source: the network's own account, as cited in
-- data/framework.json). Only what is documented: the dates, national or
-- regional, and what happened; place and times are unknown, so empty.
INSERT INTO meetings (title, scope, date, region, description, history, source, created_at, updated_at) VALUES
 ('Eerste landelijke bijeenkomst Netwerk Inclusieve Gemeenten', 'national', '2017-04-11', '',
  'Na drie inleidingen maakte de groep een stakeholderkaart bij de vraag: wie heb je nodig als je werkt aan een inclusieve gemeente?',
  1, 'Netwerk Inclusieve Gemeenten (Inclusionlab, Coalitie voor Inclusie)', '2017-04-11T00:00:00Z', '2017-04-11T00:00:00Z'),
 ('Tweede landelijke bijeenkomst Netwerk Inclusieve Gemeenten', 'national', '2017-05-18', '',
  'De deelnemers werkten concrete initiatieven uit: een route naar een inclusieve gemeente, een matchcentrum, een landkaart van inclusieve gemeenten en een inclusiestage.',
  1, 'Netwerk Inclusieve Gemeenten (Inclusionlab, Coalitie voor Inclusie)', '2017-05-18T00:00:00Z', '2017-05-18T00:00:00Z'),
 ('Eerste regionale bijeenkomst Netwerk Inclusieve Gemeenten in Drenthe', 'regional', '2017-11-01', 'PV22',
  'De eerste regionale bijeenkomst van het netwerk, in de provincie Drenthe.',
  1, 'Netwerk Inclusieve Gemeenten (Inclusionlab, Coalitie voor Inclusie)', '2017-11-01T00:00:00Z', '2017-11-01T00:00:00Z');
