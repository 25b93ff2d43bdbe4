-- With a cluster: Distributed tables over every shard's local tables, so that any server reads and writes the
-- cluster-wide store. Rows are spread at random; reads merge all shards. Applied only when the URI names a cluster.
CREATE TABLE IF NOT EXISTS {database}.flows AS {database}.flows_local
ENGINE = Distributed({cluster}, {database}, flows_local, rand());

CREATE TABLE IF NOT EXISTS {database}.gaps AS {database}.gaps_local
ENGINE = Distributed({cluster}, {database}, gaps_local, rand());
