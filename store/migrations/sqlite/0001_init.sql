-- 0001: the initial schema. Portable SQL: no AUTOINCREMENT, times are unix
-- milliseconds (BIGINT, 0 = unset), booleans are INTEGER 0/1, lists that
-- queries filter on are also kept in side tables with primary keys.

CREATE TABLE documents (
    id              TEXT    NOT NULL PRIMARY KEY,
    source          TEXT    NOT NULL,
    kind            TEXT    NOT NULL DEFAULT '',
    stage           TEXT    NOT NULL DEFAULT '',
    title           TEXT    NOT NULL DEFAULT '',
    url             TEXT    NOT NULL DEFAULT '',
    published_at    BIGINT  NOT NULL DEFAULT 0,
    current_version INTEGER NOT NULL,
    indexed_version INTEGER NOT NULL DEFAULT 0,
    first_seen      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);
CREATE INDEX documents_published ON documents (published_at, id);
CREATE INDEX documents_source ON documents (source);
CREATE INDEX documents_pending ON documents (id) WHERE current_version > indexed_version;

CREATE TABLE versions (
    document_id TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL,
    hash        TEXT    NOT NULL,
    fetched_at  BIGINT  NOT NULL,
    content     TEXT    NOT NULL, -- JSON of doc.Document
    diff        TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (document_id, version)
);

CREATE TABLE classifications (
    document_id        TEXT    NOT NULL,
    version            INTEGER NOT NULL,
    classifier_version TEXT    NOT NULL DEFAULT '',
    content            TEXT    NOT NULL, -- JSON of doc.Classification
    classified_at      BIGINT  NOT NULL,
    PRIMARY KEY (document_id, version),
    FOREIGN KEY (document_id, version) REFERENCES versions (document_id, version) ON DELETE CASCADE
);

CREATE TABLE events (
    id          INTEGER NOT NULL PRIMARY KEY,
    document_id TEXT    REFERENCES documents (id) ON DELETE CASCADE, -- NULL for operational events
    version     INTEGER NOT NULL DEFAULT 0,
    kind        TEXT    NOT NULL,
    source      TEXT    NOT NULL DEFAULT '',
    title       TEXT    NOT NULL DEFAULT '',
    url         TEXT    NOT NULL DEFAULT '',
    labels      TEXT    NOT NULL DEFAULT '[]', -- JSON array, also in event_labels
    countries   TEXT    NOT NULL DEFAULT '[]', -- JSON array, also in event_countries
    worldwide   INTEGER NOT NULL DEFAULT 0,    -- a document event naming no country
    summary     TEXT    NOT NULL DEFAULT '',
    created_at  BIGINT  NOT NULL
);
CREATE INDEX events_created ON events (created_at);
CREATE INDEX events_document ON events (document_id, id);
CREATE INDEX events_source ON events (source, id);
CREATE INDEX events_worldwide ON events (worldwide, id);

CREATE TABLE event_countries (
    country  TEXT    NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (country, event_id)
);
CREATE INDEX event_countries_event ON event_countries (event_id);

CREATE TABLE event_labels (
    label    TEXT    NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    PRIMARY KEY (label, event_id)
);
CREATE INDEX event_labels_event ON event_labels (event_id);

CREATE TABLE subscriptions (
    id          INTEGER NOT NULL PRIMARY KEY,
    name        TEXT    NOT NULL DEFAULT '',
    countries   TEXT    NOT NULL DEFAULT '[]',
    labels      TEXT    NOT NULL DEFAULT '[]',
    sources     TEXT    NOT NULL DEFAULT '[]',
    query       TEXT    NOT NULL DEFAULT '',
    channel     TEXT    NOT NULL,
    target      TEXT    NOT NULL DEFAULT '',
    url         TEXT    NOT NULL DEFAULT '', -- secret
    secret      TEXT    NOT NULL DEFAULT '', -- secret
    mode        TEXT    NOT NULL DEFAULT 'instant',
    digest_at   TEXT    NOT NULL DEFAULT '',
    time_zone   TEXT    NOT NULL DEFAULT '',
    operational INTEGER NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    deleted_at  BIGINT  NOT NULL DEFAULT 0 -- soft delete keeps the sent history
);

CREATE TABLE deliveries (
    id              INTEGER NOT NULL PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    status          TEXT    NOT NULL DEFAULT 'pending', -- pending | sent | failed
    attempts        INTEGER NOT NULL DEFAULT 0,
    due_at          BIGINT  NOT NULL,
    last_error      TEXT    NOT NULL DEFAULT '',
    sent_at         BIGINT  NOT NULL DEFAULT 0,
    ref             TEXT    NOT NULL DEFAULT '',
    created_at      BIGINT  NOT NULL,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX deliveries_due ON deliveries (status, due_at, id);
CREATE INDEX deliveries_event ON deliveries (event_id);

CREATE TABLE threads (
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
    document_id     TEXT    NOT NULL,
    ts              TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (subscription_id, document_id)
);

CREATE TABLE crawl_state (
    source               TEXT    NOT NULL PRIMARY KEY,
    cursor               TEXT    NOT NULL DEFAULT '',
    last_run             BIGINT  NOT NULL DEFAULT 0,
    last_success         BIGINT  NOT NULL DEFAULT 0,
    last_error           TEXT    NOT NULL DEFAULT '',
    last_error_at        BIGINT  NOT NULL DEFAULT 0,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    documents_seen       BIGINT  NOT NULL DEFAULT 0,
    down                 INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE validators (
    url           TEXT   NOT NULL PRIMARY KEY,
    etag          TEXT   NOT NULL DEFAULT '',
    last_modified TEXT   NOT NULL DEFAULT '',
    updated_at    BIGINT NOT NULL
);
