-- Version 6: label sets (Storage/DuckDb/DuckDbLabelSets.cs). An endpoint's labels repeat on every flow of its pod, and
-- as list items they were the largest part of what DuckDB stored per flow: with both label lists empty, DuckDB alone
-- spent 1.2-1.4 times less CPU per flow (the ingest benchmark's floor line). Each distinct list of labels is now stored
-- once in label_sets, and rows written from this version on name it by id and leave the list columns empty. Rows
-- written before keep their lists and have set 0, which names no set, so old files read as before.
CREATE TABLE label_sets (
    id UINTEGER NOT NULL,
    labels VARCHAR[] NOT NULL
);

ALTER TABLE flows ADD COLUMN source_label_set UINTEGER DEFAULT 0;
ALTER TABLE flows ADD COLUMN destination_label_set UINTEGER DEFAULT 0;
