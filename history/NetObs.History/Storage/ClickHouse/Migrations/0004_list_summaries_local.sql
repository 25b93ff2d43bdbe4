-- List summaries (FlowColumns.ListSummaries): the number of workloads and DNS names of each side and the first of each,
-- which the service map and the workload dimensions group by instead of reading the lists. Parts written before this
-- migration do not hold them: ClickHouse computes a missing column from its DEFAULT expression when it reads such a
-- part, so old rows answer exactly as before and nothing is rewritten. 18.16 has no ADD COLUMN IF NOT EXISTS: the
-- migrator skips an ADD COLUMN whose column is already there, so a migration cut short is applied again safely.
-- The defaults hold no constant: 18.16 computes the missing columns of a part together and fails on a constant two of
-- them share ("Column '1' already exists"), so the first element is read at index notEmpty(list), and index 0 of an
-- empty list gives ''. A count is the list's length (a Flow message cannot hold 2^32 elements).
ALTER TABLE {database}.flows_local ADD COLUMN source_workload_count UInt32 DEFAULT toUInt32(length(source_workloads));
ALTER TABLE {database}.flows_local ADD COLUMN source_first_workload String DEFAULT arrayElement(source_workloads, notEmpty(source_workloads));
ALTER TABLE {database}.flows_local ADD COLUMN source_first_workload_kind String DEFAULT arrayElement(source_workload_kinds, notEmpty(source_workload_kinds));
ALTER TABLE {database}.flows_local ADD COLUMN source_name_count UInt32 DEFAULT toUInt32(length(source_names));
ALTER TABLE {database}.flows_local ADD COLUMN source_first_name String DEFAULT arrayElement(source_names, notEmpty(source_names));
ALTER TABLE {database}.flows_local ADD COLUMN destination_workload_count UInt32 DEFAULT toUInt32(length(destination_workloads));
ALTER TABLE {database}.flows_local ADD COLUMN destination_first_workload String DEFAULT arrayElement(destination_workloads, notEmpty(destination_workloads));
ALTER TABLE {database}.flows_local ADD COLUMN destination_first_workload_kind String DEFAULT arrayElement(destination_workload_kinds, notEmpty(destination_workload_kinds));
ALTER TABLE {database}.flows_local ADD COLUMN destination_name_count UInt32 DEFAULT toUInt32(length(destination_names));
ALTER TABLE {database}.flows_local ADD COLUMN destination_first_name String DEFAULT arrayElement(destination_names, notEmpty(destination_names));
