-- 0004: the calendar. The typed dates (calendar.Extract) of each document
-- version: effective, comments_close, compliance, savings_clause_end,
-- public_inspection, published. since_version is the version at which the
-- day last changed: the iCalendar SEQUENCE, and how a moved date is seen.
CREATE TABLE version_dates (
    document_id   TEXT    NOT NULL,
    version       INTEGER NOT NULL,
    kind          TEXT    NOT NULL,
    day           TEXT    NOT NULL, -- YYYY-MM-DD
    source        TEXT    NOT NULL DEFAULT '',
    evidence      TEXT    NOT NULL DEFAULT '',
    since_version INTEGER NOT NULL,
    previous_day  TEXT    NOT NULL DEFAULT '', -- the day before since_version, '' if none
    citation      TEXT    NOT NULL DEFAULT '', -- the version's FR citation, so listings need not decode it
    PRIMARY KEY (document_id, version, kind),
    FOREIGN KEY (document_id, version) REFERENCES versions (document_id, version) ON DELETE CASCADE
);
CREATE INDEX version_dates_day ON version_dates (day, document_id);
