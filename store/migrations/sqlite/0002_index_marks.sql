-- 0002: index bookkeeping per index. Every replica keeps its own derived
-- Bleve index, so what an index has seen is recorded per index name in
-- index_marks instead of in one documents.indexed_version column.
-- documents.classification_rev counts reclassifications of a document: a
-- mark records the (version, classification_rev) its index holds, so a
-- batch read before a Reclassify cannot mark the new classification indexed.
-- The marks documents.indexed_version held become the marks of the index
-- named "local" (the name a store opened without ForIndex uses); the column
-- and its partial index are dropped.

ALTER TABLE documents ADD COLUMN classification_rev BIGINT NOT NULL DEFAULT 0;

CREATE TABLE index_marks (
    index_name  TEXT    NOT NULL,
    document_id TEXT    NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    version     INTEGER NOT NULL, -- the document version the index holds
    rev         BIGINT  NOT NULL DEFAULT 0, -- and its classification_rev
    PRIMARY KEY (index_name, document_id)
);
CREATE INDEX index_marks_document ON index_marks (document_id);

INSERT INTO index_marks (index_name, document_id, version, rev)
    SELECT 'local', id, indexed_version, 0 FROM documents WHERE indexed_version > 0;

DROP INDEX documents_pending;
ALTER TABLE documents DROP COLUMN indexed_version;
