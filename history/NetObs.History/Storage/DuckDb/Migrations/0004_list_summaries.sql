-- Version 4: list summaries (Storage/FlowColumns.cs, FlowColumns.ListSummaries): the number of workloads and DNS names
-- of each side and the first of each, which the service map and the workload dimensions group by. Taken from the lists
-- at every query, they cost more than the scan (a list element extracted and hashed per row); stored, they are plain
-- dictionary-compressed columns. Rows already in the file get their values from their lists here, so an old file
-- answers exactly as before.
ALTER TABLE flows ADD COLUMN source_workload_count UINTEGER DEFAULT 0;
ALTER TABLE flows ADD COLUMN source_first_workload VARCHAR DEFAULT '';
ALTER TABLE flows ADD COLUMN source_first_workload_kind VARCHAR DEFAULT '';
ALTER TABLE flows ADD COLUMN source_name_count UINTEGER DEFAULT 0;
ALTER TABLE flows ADD COLUMN source_first_name VARCHAR DEFAULT '';
ALTER TABLE flows ADD COLUMN destination_workload_count UINTEGER DEFAULT 0;
ALTER TABLE flows ADD COLUMN destination_first_workload VARCHAR DEFAULT '';
ALTER TABLE flows ADD COLUMN destination_first_workload_kind VARCHAR DEFAULT '';
ALTER TABLE flows ADD COLUMN destination_name_count UINTEGER DEFAULT 0;
ALTER TABLE flows ADD COLUMN destination_first_name VARCHAR DEFAULT '';

UPDATE flows SET
    source_workload_count = len(source_workloads),
    source_first_workload = coalesce(source_workloads[1], ''),
    source_first_workload_kind = coalesce(source_workload_kinds[1], ''),
    source_name_count = len(source_names),
    source_first_name = coalesce(source_names[1], ''),
    destination_workload_count = len(destination_workloads),
    destination_first_workload = coalesce(destination_workloads[1], ''),
    destination_first_workload_kind = coalesce(destination_workload_kinds[1], ''),
    destination_name_count = len(destination_names),
    destination_first_name = coalesce(destination_names[1], '')
WHERE len(source_workloads) > 0 OR len(source_names) > 0 OR len(destination_workloads) > 0 OR len(destination_names) > 0;
