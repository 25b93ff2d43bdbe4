using System.Globalization;
using DuckDB.NET.Data;
using Google.Protobuf.Collections;
using NetObs.History.Sql;

namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// The read side of <c>label_sets</c> (<see cref="DuckDbLabelSets"/>): every set the file holds, in memory, so that a
/// label filter is matched against each distinct list once and becomes a condition on the rows' set ids.
/// </summary>
/// <remarks>
/// Only this process writes the file, so the index is loaded once when the store opens and then told of each set as
/// its row commits (<see cref="Add"/>), before any flows row that names it commits. A query that took its list of
/// matching sets before a new set arrived still sees that set's rows: every id above the newest it knew is a candidate.
/// Labels are shared between sets (the namespace and service-account labels recur in most of them), so each distinct
/// label string is held once.
/// </remarks>
internal sealed class DuckDbLabelSetIndex : ILabelSetIndex
{
    public const string SourceColumn = "source_label_set";
    public const string DestinationColumn = "destination_label_set";

    /// <summary>Past this many matching sets the condition would be a long list that narrows little; none is given.</summary>
    public const int MaxListedSets = 10_000;

    // Held to change the snapshot and the shared strings; readers take the snapshot without it.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private Snapshot _snapshot = new([], [], 0);

    /// <summary>
    /// The SQL that reads a flows column as <see cref="FlowColumns"/> gives it: a label column as the labels of the row's
    /// set, or as the list itself in a row written before label sets; any other column as it is.
    /// </summary>
    public static string ValueSql(string column) => column switch
    {
        _ when column == FlowColumns.SourceLabels.Name => LabelsSql(SourceColumn, column),
        _ when column == FlowColumns.DestinationLabels.Name => LabelsSql(DestinationColumn, column),
        _ => column,
    };

    /// <summary>How many sets the index holds.</summary>
    public int Count => Volatile.Read(ref _snapshot).Ids.Length;

    /// <summary>The largest set id the index holds, 0 without sets.</summary>
    public uint NewestId => Volatile.Read(ref _snapshot).NewestId;

    /// <summary>The last <paramref name="count"/> sets added, newest first.</summary>
    public IEnumerable<(uint Id, RepeatedField<string> Labels)> Newest(int count)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        for (var i = snapshot.Ids.Length - 1; i >= Math.Max(0, snapshot.Ids.Length - count); i--)
        {
            yield return (snapshot.Ids[i], snapshot.Labels[i]);
        }
    }

    /// <summary>Reads every set the file holds.</summary>
    public async Task LoadAsync(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, labels FROM label_sets ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var sets = new List<(uint, IReadOnlyList<string>)>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sets.Add((Convert.ToUInt32(reader.GetValue(0), CultureInfo.InvariantCulture), reader.GetFieldValue<List<string>>(1)));
        }

        Add(sets);
    }

    /// <summary>Adds sets that were just committed, in id order.</summary>
    public void Add(IReadOnlyList<(uint Id, IReadOnlyList<string> Labels)> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            var old = _snapshot;
            var ids = new uint[old.Ids.Length + sets.Count];
            var labels = new RepeatedField<string>[ids.Length];
            old.Ids.CopyTo(ids, 0);
            old.Labels.CopyTo(labels, 0);
            var newest = old.NewestId;
            for (var i = 0; i < sets.Count; i++)
            {
                var field = new RepeatedField<string>();
                foreach (var label in sets[i].Labels)
                {
                    field.Add(Shared(label));
                }

                ids[old.Ids.Length + i] = sets[i].Id;
                labels[old.Ids.Length + i] = field;
                newest = Math.Max(newest, sets[i].Id);
            }

            Volatile.Write(ref _snapshot, new Snapshot(ids, labels, newest));
        }
    }

    /// <summary>Drops sets that were deleted from the table (no row names them).</summary>
    public void Remove(IReadOnlySet<uint> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        lock (_gate)
        {
            var old = _snapshot;
            var kept = Enumerable.Range(0, old.Ids.Length).Where(i => !ids.Contains(old.Ids[i])).ToArray();

            // The newest id stays: a condition reads every id above it as a set it has not seen.
            Volatile.Write(ref _snapshot, new Snapshot([.. kept.Select(i => old.Ids[i])], [.. kept.Select(i => old.Labels[i])], old.NewestId));

            // Labels only the dropped sets had are let go too.
            _strings.Clear();
            foreach (var i in kept)
            {
                foreach (var label in old.Labels[i])
                {
                    _strings.TryAdd(label, label);
                }
            }
        }
    }

    public string? Candidates(bool source, Func<RepeatedField<string>, bool> matches)
    {
        ArgumentNullException.ThrowIfNull(matches);
        var snapshot = Volatile.Read(ref _snapshot);
        var matching = new List<uint>();
        for (var i = 0; i < snapshot.Ids.Length; i++)
        {
            if (matches(snapshot.Labels[i]))
            {
                matching.Add(snapshot.Ids[i]);
                if (matching.Count > MaxListedSets)
                {
                    return null;
                }
            }
        }

        // Rows written before label sets (set 0) keep their labels in the list column; sets newer than this snapshot
        // may have committed since it was taken. Both are decided in process.
        var column = source ? SourceColumn : DestinationColumn;
        var newer = string.Create(CultureInfo.InvariantCulture, $"{column} = {DuckDbLabelSets.InListColumns} OR {column} > {snapshot.NewestId}");
        return matching.Count == 0 ? $"({newer})" : $"({newer} OR {column} IN ({string.Join(", ", matching)}))";
    }

    private static string LabelsSql(string setColumn, string listColumn) =>
        $"CASE WHEN {setColumn} = {DuckDbLabelSets.InListColumns} THEN {listColumn} ELSE (SELECT labels FROM label_sets WHERE id = {setColumn}) END";

    private string Shared(string label)
    {
        if (_strings.TryGetValue(label, out var shared))
        {
            return shared;
        }

        _strings[label] = label;
        return label;
    }

    private sealed record Snapshot(uint[] Ids, RepeatedField<string>[] Labels, uint NewestId);
}
