-- Flows known to be missing (FlowGap), kept beside the flows and dropped with them by day of from_ns.
CREATE TABLE IF NOT EXISTS {database}.gaps_local
(
    day Date,
    cluster String,
    node String,
    from_ns Int64,
    until_ns Int64,
    count Int64,
    reason UInt8,
    detail String
)
ENGINE = MergeTree
PARTITION BY day
ORDER BY (cluster, from_ns);
