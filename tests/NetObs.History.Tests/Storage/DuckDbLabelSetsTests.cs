using System.Globalization;
using Cilium.Flow;
using DuckDB.NET.Data;
using Google.Protobuf.Collections;
using NetObs.History.Aggregation;
using NetObs.History.Sql;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;
using NetObs.History.Storage.Wire;
using NetObs.Hubble.Evaluation;

namespace NetObs.History.Tests.Storage;

/// <summary>
/// Label sets (schema version 6): each distinct list of endpoint labels is stored once and rows name it by id; label
/// filters are narrowed to the sets that match and still select exactly what FlowFilterEvaluator selects, over rows
/// written before and after the migration.
/// </summary>
public sealed class DuckDbLabelSetsTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Each_distinct_label_list_is_stored_once_and_the_rows_list_columns_stay_empty()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All;
        await temp.Store.AppendAsync(flows, None);

        var distinct = DistinctLabelLists(flows);
        Assert.True(distinct.Count >= 5, "the scenarios should have several label lists");
        Assert.Equal(distinct.Count, await ScalarAsync(temp.Store, "SELECT count(*) FROM label_sets"));
        Assert.Equal(distinct.Count, await ScalarAsync(temp.Store, "SELECT count(DISTINCT labels) FROM label_sets"));
        Assert.Equal(0, await ScalarAsync(temp.Store, "SELECT count(*) FROM flows WHERE len(source_labels) > 0 OR len(destination_labels) > 0"));
        Assert.Equal(0, await ScalarAsync(temp.Store, $"SELECT count(*) FROM flows WHERE source_label_set = {DuckDbLabelSets.InListColumns} OR destination_label_set = {DuckDbLabelSets.InListColumns}"));

        // Rows of one pod name one set.
        Assert.Equal(0, await ScalarAsync(temp.Store,
            "SELECT count(*) FROM (SELECT source_namespace, source_pod FROM flows WHERE source_pod <> '' GROUP BY ALL HAVING count(DISTINCT source_label_set) > 1)"));
    }

    [Fact]
    public async Task A_reopened_store_names_known_label_lists_by_their_ids()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All;
        var half = flows.Count / 2;
        await temp.Store.AppendAsync(flows.Take(half).ToList(), None);
        var setsBefore = await ScalarAsync(temp.Store, "SELECT count(*) FROM label_sets");

        await temp.ReopenAsync();
        var span = flows[^1].TimeNs - flows[0].TimeNs + 1;
        await temp.Store.AppendAsync(flows.Skip(half).ToList(), None);
        await temp.Store.AppendAsync(flows.Take(half).Select(f => f with { TimeNs = f.TimeNs + span }).ToList(), None);

        Assert.Equal(DistinctLabelLists(flows).Count, await ScalarAsync(temp.Store, "SELECT count(*) FROM label_sets"));
        Assert.True(setsBefore < await ScalarAsync(temp.Store, "SELECT count(*) FROM label_sets"), "the second half should bring sets of its own");

        // The first half written again names the sets it named before the restart.
        Assert.Equal(0, await ScalarAsync(temp.Store,
            $"SELECT count(*) FROM flows a JOIN flows b ON b.rowid = a.rowid + {flows.Count.ToString(CultureInfo.InvariantCulture)} " +
            "WHERE a.source_label_set <> b.source_label_set OR a.destination_label_set <> b.destination_label_set OR b.time_ns <> a.time_ns + " +
            span.ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(flows.Count + half, await ScalarAsync(temp.Store, "SELECT count(*) FROM flows"));
    }

    [Fact]
    public async Task Label_filters_over_rows_written_before_and_after_label_sets_equal_the_evaluator()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All;
        var half = flows.Count / 2;

        // The first half as a version-5 file wrote it (labels in the list columns), the second half with label sets.
        await temp.Store.AppendAsync(flows.Take(half).ToList(), None);
        await ExecuteAsync(temp.Store, DuckDbEarlierVersions.WithoutLabelSets);
        await temp.ReopenAsync();
        Assert.Equal(DuckDbMigrations.LatestVersion, temp.Store.SchemaVersion);
        await temp.Store.AppendAsync(flows.Skip(half).ToList(), None);
        Assert.Equal(half, await ScalarAsync(temp.Store, "SELECT count(*) FROM flows WHERE source_label_set = 0"));

        // Label fields alone (source labels, destination labels), and with other fields.
        var labelsOnly = new RandomFilters(flows, seed: 6, fieldKinds: [6, 28]);
        var mixed = new RandomFilters(flows, seed: 7, fieldKinds: [0, 2, 6, 9, 28]);
        var narrowed = 0;
        for (var i = 0; i < 300; i++)
        {
            var filter = (i % 2 == 0 ? labelsOnly : mixed).Next();
            var (allow, deny) = i % 5 == 4 ? (new List<FlowFilter>(), new List<FlowFilter> { filter }) : ([filter], []);
            var evaluator = FlowFilterEvaluator.Compile(allow, deny);
            var expected = flows.Where(f => evaluator.Matches(f.Flow)).Select(f => f.TimeNs).Order().ToList();
            var request = new FlowReadRequest { Allow = allow, Deny = deny };

            var actual = (await DuckDbFlowStoreTests.ReadAllAsync(temp.Store, request)).Select(f => f.TimeNs).ToList();
            Assert.True(expected.SequenceEqual(actual), $"filter {i} ({filter}): expected {expected.Count} flows, the store returned {actual.Count}");

            var top = await temp.Store.TopGroupsAsync(new TopGroupsQuery(request, ["verdict"], 100, false, [], 100_000), None);
            Assert.Equal(expected.Count, top.Groups.Sum(g => g.Count));
            narrowed += filter.SourceLabel.Count + filter.DestinationLabel.Count > 0 && deny.Count == 0 ? 1 : 0;
        }

        Assert.True(narrowed > 100, $"only {narrowed} filters had label fields to narrow");
    }

    [Fact]
    public async Task Retention_drops_the_label_sets_only_dropped_days_named()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        const long day = 86_400_000_000_000L;
        var today = ScenarioFlows.Start;
        string[] jobLabels = ["k8s:job-name=backup-29001", "k8s:app=backup"];
        StoredFlow ToStore(long timeNs, string pod, string[] labels) => StoredFlow.From("sim", new Flow
        {
            Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddTicks(timeNs / 100)),
            NodeName = "node-a",
            Verdict = Verdict.Forwarded,
            Source = new Endpoint { Namespace = "ops", PodName = pod, Labels = { labels } },
            Destination = new Endpoint { Namespace = "ops", PodName = "store", Labels = { "k8s:app=store" } },
        });

        // A job's run two days ago, and the store it talked to, which a client still talks to today.
        await temp.Store.AppendAsync([ToStore(today - (2 * day), "backup-29001-x", jobLabels)], None);
        await temp.Store.AppendAsync([.. ScenarioFlows.All.Take(50), ToStore(today + 1, "client", ["k8s:app=client"])], None);
        var jobSet = await ScalarAsync(temp.Store, "SELECT source_label_set FROM flows WHERE source_pod = 'backup-29001-x'");
        var storeSet = await ScalarAsync(temp.Store, "SELECT destination_label_set FROM flows WHERE source_pod = 'backup-29001-x'");
        var sets = await ScalarAsync(temp.Store, "SELECT count(*) FROM label_sets");

        Assert.Equal(1, await temp.Store.DropDaysBeforeAsync(today - day, None));

        // The job's set is gone; the store's, which today's flow also names, stays.
        Assert.Equal(0, await ScalarAsync(temp.Store, $"SELECT count(*) FROM label_sets WHERE id = {jobSet}"));
        Assert.Equal(1, await ScalarAsync(temp.Store, $"SELECT count(*) FROM label_sets WHERE id = {storeSet}"));
        Assert.True(await ScalarAsync(temp.Store, "SELECT count(*) FROM label_sets") < sets);
        Assert.Equal(0, await ScalarAsync(temp.Store,
            "SELECT count(*) FROM flows WHERE source_label_set NOT IN (SELECT id FROM label_sets) OR destination_label_set NOT IN (SELECT id FROM label_sets)"));

        // A job run with the same labels later gets a set again, and a label filter finds it.
        await temp.Store.AppendAsync([ToStore(today + 2, "backup-29001-y", jobLabels)], None);
        Assert.NotEqual(jobSet, await ScalarAsync(temp.Store, "SELECT source_label_set FROM flows WHERE source_pod = 'backup-29001-y'"));
        var request = new FlowReadRequest { Allow = [new FlowFilter { SourceLabel = { "k8s:job-name=backup-29001" } }] };
        Assert.Equal(["backup-29001-y"], (await DuckDbFlowStoreTests.ReadAllAsync(temp.Store, request)).Select(f => f.Flow.Source.PodName));
    }

    [Fact]
    public void A_label_filter_becomes_a_condition_on_the_sets_that_match()
    {
        var index = new DuckDbLabelSetIndex();
        index.Add([(1, ["k8s:app=web", "k8s:tier=front"]), (2, ["k8s:app=db"]), (3, [])]);
        var translator = new FlowFilterSqlTranslator(DuckDbDialect.Instance, labelSets: index);

        var web = translator.Translate([new FlowFilter { SourceLabel = { "k8s:app=web" } }], []);
        Assert.False(web.Exact);
        Assert.Contains("source_label_set = 0 OR source_label_set > 3 OR source_label_set IN (1)", web.Sql, StringComparison.Ordinal);

        var noApp = translator.Translate([new FlowFilter { DestinationLabel = { "!k8s:app" } }], []);
        Assert.Contains("destination_label_set IN (3)", noApp.Sql, StringComparison.Ordinal);

        var none = translator.Translate([new FlowFilter { SourceLabel = { "k8s:app=cache" } }], []);
        Assert.Contains("(source_label_set = 0 OR source_label_set > 3)", none.Sql, StringComparison.Ordinal);

        // Without an index (ClickHouse) and for node labels, nothing is narrowed.
        Assert.DoesNotContain("label_set", new FlowFilterSqlTranslator(DuckDbDialect.Instance).Translate([new FlowFilter { SourceLabel = { "k8s:app=web" } }], []).Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("label_set", translator.Translate([new FlowFilter { NodeLabels = { "k8s:app=web" } }], []).Sql, StringComparison.Ordinal);

        // A set added later is newer than what the condition was built from; a condition built now lists it.
        index.Add([(4, ["k8s:app=web"])]);
        Assert.Contains("source_label_set > 4 OR source_label_set IN (1, 4)", translator.Translate([new FlowFilter { SourceLabel = { "k8s:app=web" } }], []).Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void Past_the_listed_limit_a_label_filter_is_left_to_the_process()
    {
        var index = new DuckDbLabelSetIndex();
        index.Add([.. Enumerable.Range(1, DuckDbLabelSetIndex.MaxListedSets + 1).Select(i => ((uint)i, (IReadOnlyList<string>)["k8s:app=web", $"k8s:pod={i}"]))]);

        Assert.Null(index.Candidates(source: true, labels => labels.Contains("k8s:app=web")));
        Assert.NotNull(index.Candidates(source: true, labels => labels.Contains("k8s:pod=7")));
    }

    [Fact]
    public async Task Label_sets_that_cannot_be_saved_are_forgotten_and_given_new_ids()
    {
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var sets = new DuckDbLabelSets();
        var index = new DuckDbLabelSetIndex();
        var (message, labels) = Labels("k8s:app=web", "k8s:tier=front");

        var first = sets.IdOf(message, labels);
        Assert.Equal(first, sets.IdOf(message, labels));
        Assert.Equal(1, sets.NewCount);

        // No label_sets table: the save fails, and the set is not kept as if it had been saved.
        await Assert.ThrowsAsync<DuckDbAppendException>(() => sets.SaveNewAsync(connection, index, None));
        Assert.Equal(0, sets.NewCount);
        Assert.Equal(0, index.Count);

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "CREATE TABLE label_sets (id UINTEGER NOT NULL, labels VARCHAR[] NOT NULL)";
            await command.ExecuteNonQueryAsync();
        }

        var second = sets.IdOf(message, labels);
        Assert.True(second > first, "an id once given is not given again");
        await sets.SaveNewAsync(connection, index, None);
        Assert.Equal(second, index.NewestId);
        Assert.Equal(0, sets.NewCount);
        Assert.Equal(second, sets.IdOf(message, labels));

        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT id, labels FROM label_sets";
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(second, Convert.ToUInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
            Assert.Equal(["k8s:app=web", "k8s:tier=front"], reader.GetFieldValue<List<string>>(1));
            Assert.False(await reader.ReadAsync());
        }
    }

    [Fact]
    public void The_lookup_stays_bounded_and_keeps_ids_unique()
    {
        var sets = new DuckDbLabelSets();
        var ids = new HashSet<uint>();
        for (var i = 0; i <= DuckDbLabelSets.MaxRemembered + 10; i++)
        {
            var (message, labels) = Labels($"k8s:pod={i}");
            Assert.True(ids.Add(sets.IdOf(message, labels)));
            Assert.InRange(sets.Remembered, 1, DuckDbLabelSets.MaxRemembered);
        }

        // The order of labels is part of the set: the flow's own order is what a reader sees.
        var (ab, abLabels) = Labels("a=1", "b=2");
        var (ba, baLabels) = Labels("b=2", "a=1");
        Assert.NotEqual(sets.IdOf(ab, abLabels), sets.IdOf(ba, baLabels));
        var (empty, none) = Labels();
        Assert.Equal(sets.IdOf(empty, none), sets.IdOf(empty, none));
    }

    private static HashSet<string> DistinctLabelLists(IEnumerable<StoredFlow> flows) =>
        flows.SelectMany(f => new[] { Key(f.Flow.Source?.Labels), Key(f.Flow.Destination?.Labels) }).ToHashSet(StringComparer.Ordinal);

    private static string Key(RepeatedField<string>? labels) => string.Join("\n", labels ?? []);

    /// <summary>A message holding the labels' UTF-8 bytes one after another, with their slices.</summary>
    private static (byte[] Message, List<Utf8Slice> Labels) Labels(params string[] labels)
    {
        var message = new List<byte>();
        var slices = new List<Utf8Slice>();
        foreach (var label in labels)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(label);
            slices.Add(new Utf8Slice(message.Count, bytes.Length));
            message.AddRange(bytes);
        }

        return ([.. message], slices);
    }

    private static async Task<long> ScalarAsync(DuckDbFlowStore store, string sql)
    {
        await foreach (var row in store.QueryRowsAsync(sql, None))
        {
            return Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
        }

        throw new InvalidOperationException("no row");
    }

    private static async Task ExecuteAsync(DuckDbFlowStore store, IEnumerable<string> statements)
    {
        foreach (var sql in statements)
        {
            await foreach (var _ in store.QueryRowsAsync(sql, None))
            {
            }
        }
    }
}
