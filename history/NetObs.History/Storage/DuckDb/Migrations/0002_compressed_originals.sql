-- Version 2: the original Flow messages move into Brotli-compressed blocks of consecutive rows
-- (Storage/DuckDb/OriginalBlockCodec.cs), about a tenth of their size, instead of one uncompressed BLOB per row.
-- Rows written from now on leave flows.flow empty and name their block and their place in it; rows written by
-- version 1 keep their bytes in flows.flow and have no block (block_id NULL), so old files read as before.
-- A block holds flows of one UTC day only, so retention drops blocks by the same day as the rows.
CREATE TABLE flow_blocks (
    block_id BIGINT NOT NULL,
    day DATE NOT NULL,
    flow_count INTEGER NOT NULL,
    originals BLOB NOT NULL
);

ALTER TABLE flows ADD COLUMN block_id BIGINT;
ALTER TABLE flows ADD COLUMN block_row USMALLINT;
