-- 0006: reminders, per-subscription calendar feeds and dates moved by a
-- later rule.
--
-- A subscription's reminders (JSON list of {"days", "kinds"}) and the token
-- of its own .ics feed (128 random bits, hex; the migration's hook gives
-- existing subscriptions one).
ALTER TABLE subscriptions ADD COLUMN reminders TEXT NOT NULL DEFAULT '[]';
ALTER TABLE subscriptions ADD COLUMN feed_token TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX subscriptions_feed_token ON subscriptions (feed_token) WHERE feed_token <> '';

-- version_dates: revision is the iCalendar SEQUENCE of the dated item (it
-- rises with every move or withdrawal, by a version or by a later rule);
-- stated_day is the day the version's own text states; moved_by names the
-- later rule whose move (or withdrawal) holds for this row.
ALTER TABLE version_dates ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE version_dates ADD COLUMN stated_day TEXT NOT NULL DEFAULT '';
ALTER TABLE version_dates ADD COLUMN withdrawn INTEGER NOT NULL DEFAULT 0;
ALTER TABLE version_dates ADD COLUMN moved_by TEXT NOT NULL DEFAULT '';
UPDATE version_dates SET revision = since_version - 1, stated_day = day;

-- date_history: every change of a document's date made by a later rule,
-- with the day it replaced.
CREATE TABLE date_history (
    id          INTEGER NOT NULL PRIMARY KEY,
    document_id TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL, -- the document's version the change applied to
    kind        TEXT    NOT NULL,
    old_day     TEXT    NOT NULL,
    new_day     TEXT    NOT NULL DEFAULT '', -- '' when withdrawn
    withdrawn   INTEGER NOT NULL DEFAULT 0,
    by_document TEXT    NOT NULL,            -- the later rule
    evidence    TEXT    NOT NULL DEFAULT '',
    changed_at  BIGINT  NOT NULL
);
CREATE INDEX date_history_document ON date_history (document_id, id);

-- reminders: one row per subscription, dated item and lead time. Its event
-- (kind reminder) has one delivery due at due_at; a moved date updates both
-- in place, a withdrawn one cancels them.
CREATE TABLE reminders (
    id              INTEGER NOT NULL PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions (id),
    document_id     TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    kind            TEXT    NOT NULL,
    days_before     INTEGER NOT NULL,
    day             TEXT    NOT NULL, -- YYYY-MM-DD, the date reminded of
    due_at          BIGINT  NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'scheduled', -- scheduled | cancelled
    event_id        INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL,
    UNIQUE (subscription_id, document_id, kind, days_before)
);
CREATE INDEX reminders_document ON reminders (document_id);
