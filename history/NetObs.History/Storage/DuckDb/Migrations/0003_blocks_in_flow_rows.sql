-- Version 3: a compressed block of originals moves from flow_blocks into the flows row that starts it (block_row 0),
-- in the new column flows.block; the block's other rows leave it NULL. DuckDB rewrites every column of a row group
-- that gained rows at each checkpoint, and flow_blocks (one row per ~1,000 flows) never fills its first row group,
-- so every checkpoint rewrote all originals written so far and left the old copy as free blocks: the file held the
-- originals about twice (measured 41.7 B/flow free of 167.3 B/flow at 1,000,000 flows). In flows, a row group is
-- full after 122,880 rows and is never rewritten again, so the space a checkpoint frees stays bounded and is reused.
-- Blocks written by version 2 stay in flow_blocks and read as before; block ids go on from the largest in either.
ALTER TABLE flows ADD COLUMN block BLOB;
