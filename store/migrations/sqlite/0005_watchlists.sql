-- 0005: watchlists. A watchlist is a named list of parties (a firm's
-- counterparties); revision grows with each import so that screeners know
-- when their cached copy is stale. A hit is one party named by one Entity
-- List entry of one document, unique per list, party key (the party's
-- reference, else its normalised name), document, action and normalised
-- listed name: re-crawls, new versions, publication after public
-- inspection and re-imports find the same hit and alert nothing.
-- event_id is the watchlist_hit event that told subscribers (0 for hits
-- found by "screen now" over the archive, which alert nobody).
CREATE TABLE watchlists (
    id         INTEGER NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    revision   BIGINT  NOT NULL DEFAULT 1,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);

CREATE TABLE watchlist_parties (
    watchlist_id INTEGER NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    name         TEXT    NOT NULL,
    aliases      TEXT    NOT NULL DEFAULT '[]', -- JSON array
    country      TEXT    NOT NULL DEFAULT '',
    reference    TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (watchlist_id, position)
);

CREATE TABLE watchlist_hits (
    id           INTEGER NOT NULL PRIMARY KEY,
    watchlist_id INTEGER NOT NULL REFERENCES watchlists (id) ON DELETE CASCADE,
    party_key    TEXT    NOT NULL,
    listed_key   TEXT    NOT NULL,
    document_id  TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    version      INTEGER NOT NULL, -- the version in which the hit was first found
    action       TEXT    NOT NULL,
    party        TEXT    NOT NULL,
    reference    TEXT    NOT NULL DEFAULT '',
    watched_name TEXT    NOT NULL DEFAULT '',
    listed_name  TEXT    NOT NULL DEFAULT '',
    matched_name TEXT    NOT NULL DEFAULT '',
    country      TEXT    NOT NULL DEFAULT '',
    stage        TEXT    NOT NULL DEFAULT '', -- the document's stage when found
    citation     TEXT    NOT NULL DEFAULT '', -- and its FR citation and document number
    fr_number    TEXT    NOT NULL DEFAULT '',
    score        DOUBLE PRECISION NOT NULL,
    why          TEXT    NOT NULL DEFAULT '',
    event_id     BIGINT  NOT NULL DEFAULT 0,
    created_at   BIGINT  NOT NULL,
    UNIQUE (watchlist_id, party_key, document_id, action, listed_key)
);
CREATE INDEX watchlist_hits_document ON watchlist_hits (document_id);
CREATE INDEX watchlist_hits_event ON watchlist_hits (event_id);

-- A watchlist subscription receives its list's hits and nothing else.
ALTER TABLE subscriptions ADD COLUMN watchlist TEXT NOT NULL DEFAULT '';
