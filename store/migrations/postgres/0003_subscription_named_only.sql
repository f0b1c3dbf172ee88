-- 0003: a country subscription receives worldwide rules (documents naming
-- no country change every country's position) unless named_only is set:
-- then only documents that name one of its countries.
ALTER TABLE subscriptions ADD COLUMN named_only INTEGER NOT NULL DEFAULT 0;
