-- Version 5: a per-minute rollup of what a service map groups by (Storage/DuckDb/DuckDbServiceMapRollup.cs). One row
-- holds the flows of one minute that share every column below, with their count and first and last time; at 50
-- million flows a service map grouped the flows table's rows for 9 s, and the rollup holds about twenty times fewer.
-- Besides the map's own keys it keeps the columns that the common filters read (verdict, namespaces, pods, protocols,
-- node, direction, identities), so those filters are answered from it too; any other filter reads the flows table.
-- The three derived facts (L7 error, service port, latency bucket) are Aggregation/ServiceMapFacts.cs.
CREATE TABLE service_map_minutes (
    minute_ns BIGINT NOT NULL,
    day DATE NOT NULL,
    cluster VARCHAR NOT NULL,
    node VARCHAR NOT NULL,
    verdict UTINYINT NOT NULL,
    drop_reason USMALLINT NOT NULL,
    traffic_direction UTINYINT NOT NULL,
    is_reply TINYINT NOT NULL,
    event_type INTEGER NOT NULL,
    event_subtype INTEGER NOT NULL,
    ip_version UTINYINT NOT NULL,
    source_ip VARCHAR NOT NULL,
    destination_ip VARCHAR NOT NULL,
    source_cluster VARCHAR NOT NULL,
    source_namespace VARCHAR NOT NULL,
    source_pod VARCHAR NOT NULL,
    source_identity UINTEGER NOT NULL,
    destination_cluster VARCHAR NOT NULL,
    destination_namespace VARCHAR NOT NULL,
    destination_pod VARCHAR NOT NULL,
    destination_identity UINTEGER NOT NULL,
    l4_protocol UTINYINT NOT NULL,
    l7_protocol UTINYINT NOT NULL,
    denied_by VARCHAR[] NOT NULL,
    source_workload_count UINTEGER NOT NULL,
    source_first_workload VARCHAR NOT NULL,
    source_first_workload_kind VARCHAR NOT NULL,
    source_name_count UINTEGER NOT NULL,
    source_first_name VARCHAR NOT NULL,
    destination_workload_count UINTEGER NOT NULL,
    destination_first_workload VARCHAR NOT NULL,
    destination_first_workload_kind VARCHAR NOT NULL,
    destination_name_count UINTEGER NOT NULL,
    destination_first_name VARCHAR NOT NULL,
    l7_error UTINYINT NOT NULL,
    service_port USMALLINT NOT NULL,
    latency_index BIGINT NOT NULL,
    flows BIGINT NOT NULL,
    first_ns BIGINT NOT NULL,
    last_ns BIGINT NOT NULL
);

-- The flows rows with a block_id up to rolled_block are in the rollup. -1: none yet; the first run also takes the rows
-- of version 1 files, which have no block. Existing rows are rolled by the server after opening, not here, so the
-- rollup's SQL lives in one place.
CREATE TABLE service_map_rollup_state (rolled_block BIGINT NOT NULL);
INSERT INTO service_map_rollup_state VALUES (-1);
