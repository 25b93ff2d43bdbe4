-- The list summaries on the Distributed table too (it was created with the columns flows_local had then), with the same
-- defaults, so that reads through it see them. A Distributed table created after 0004 already has them (skipped).
ALTER TABLE {database}.flows ADD COLUMN source_workload_count UInt32 DEFAULT toUInt32(length(source_workloads));
ALTER TABLE {database}.flows ADD COLUMN source_first_workload String DEFAULT arrayElement(source_workloads, notEmpty(source_workloads));
ALTER TABLE {database}.flows ADD COLUMN source_first_workload_kind String DEFAULT arrayElement(source_workload_kinds, notEmpty(source_workload_kinds));
ALTER TABLE {database}.flows ADD COLUMN source_name_count UInt32 DEFAULT toUInt32(length(source_names));
ALTER TABLE {database}.flows ADD COLUMN source_first_name String DEFAULT arrayElement(source_names, notEmpty(source_names));
ALTER TABLE {database}.flows ADD COLUMN destination_workload_count UInt32 DEFAULT toUInt32(length(destination_workloads));
ALTER TABLE {database}.flows ADD COLUMN destination_first_workload String DEFAULT arrayElement(destination_workloads, notEmpty(destination_workloads));
ALTER TABLE {database}.flows ADD COLUMN destination_first_workload_kind String DEFAULT arrayElement(destination_workload_kinds, notEmpty(destination_workload_kinds));
ALTER TABLE {database}.flows ADD COLUMN destination_name_count UInt32 DEFAULT toUInt32(length(destination_names));
ALTER TABLE {database}.flows ADD COLUMN destination_first_name String DEFAULT arrayElement(destination_names, notEmpty(destination_names));
