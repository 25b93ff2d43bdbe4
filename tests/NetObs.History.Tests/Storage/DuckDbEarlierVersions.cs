using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.History.Tests.Storage;

/// <summary>Statements that turn a file the current store wrote back into what an earlier schema version wrote.</summary>
internal static class DuckDbEarlierVersions
{
    /// <summary>Undoes version 6: each row's labels back in its list columns, and no label sets.</summary>
    public static IReadOnlyList<string> WithoutLabelSets { get; } =
    [
        $"UPDATE flows SET {FlowColumns.SourceLabels.Name} = {DuckDbLabelSetIndex.ValueSql(FlowColumns.SourceLabels.Name)}, " +
            $"{FlowColumns.DestinationLabels.Name} = {DuckDbLabelSetIndex.ValueSql(FlowColumns.DestinationLabels.Name)}",
        $"ALTER TABLE flows DROP COLUMN {DuckDbLabelSetIndex.SourceColumn}",
        $"ALTER TABLE flows DROP COLUMN {DuckDbLabelSetIndex.DestinationColumn}",
        "DROP TABLE label_sets",
        "DELETE FROM schema_version WHERE version >= 6",
    ];
}
