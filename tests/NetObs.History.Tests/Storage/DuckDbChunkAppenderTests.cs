using System.Collections;
using System.Globalization;
using System.Text;
using Cilium.Flow;
using DuckDB.NET.Data;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.History.Tests.Storage;

/// <summary>
/// The store fills DuckDB data chunks through the C API (DuckDbChunkAppender) with values read off the wire; these
/// tests hold every stored row equal, column by column, to what FlowColumns' readers take from the parsed flow,
/// across chunk boundaries and over the values that stress a vector: empty and very long lists, long
/// and non-ASCII strings, strings at the inline limit, NULL blocks.
/// </summary>
public sealed class DuckDbChunkAppenderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Every_scenario_flow_is_stored_as_the_parsed_flow_holds_it_with_a_partial_last_chunk()
    {
        var flows = ScenarioFlows.All;

        // More than one chunk of 2,048 rows, and a last chunk that is not full.
        Assert.True(flows.Count > 2048 && flows.Count % 2048 != 0, $"{flows.Count} scenario flows do not reach a partial second chunk");
        await AssertStoredAsTheParsedFlowHoldsAsync(flows);
    }

    [Theory]
    [InlineData(2047)]
    [InlineData(2048)]
    [InlineData(2049)]
    [InlineData(4096)]
    public async Task Batches_at_and_around_a_chunk_boundary_store_every_row(int count)
    {
        var flows = Enumerable.Range(0, count).Select(i => ScenarioFlows.All[i % ScenarioFlows.All.Count] with { TimeNs = ScenarioFlows.Start + i }).ToList();

        var rows = await AssertStoredAsTheParsedFlowHoldsAsync(flows);

        Assert.Equal(count, rows.Count);
    }

    [Fact]
    public async Task Empty_lists_long_lists_long_strings_and_odd_text_are_stored_as_the_parsed_flow_holds_them()
    {
        var template = ScenarioFlows.All.First(f => f.Flow.Source?.Labels.Count > 0 && f.Flow.Source.Workloads.Count > 0);
        var edge = new List<Flow>();

        // Every list empty.
        var bare = template.Flow.Clone();
        bare.Source.Labels.Clear();
        bare.Source.Workloads.Clear();
        bare.Destination?.Labels.Clear();
        bare.Destination?.Workloads.Clear();
        bare.SourceNames.Clear();
        bare.DestinationNames.Clear();
        bare.IngressAllowedBy.Clear();
        bare.EgressAllowedBy.Clear();
        edge.Add(bare);

        // Thousands of items in one list column: together they pass the first reservation of the child vector (4 per row).
        for (var f = 0; f < 3; f++)
        {
            var many = template.Flow.Clone();
            for (var i = 0; i < 5_000; i++)
            {
                many.Source.Labels.Add($"k8s:label-{f}-{i}=value-{i}");
            }

            many.SourceNames.Add("short.");
            edge.Add(many);
        }

        // Very long strings (in a column and in a list), strings of 12 and 13 bytes (inline and not), non-ASCII text.
        var longText = template.Flow.Clone();
        longText.Source.PodName = new string('p', 100_000);
        longText.Source.Labels.Add("k8s:" + new string('l', 70_000));
        longText.Destination ??= new Endpoint();
        longText.Destination.PodName = "exactly12byt";
        longText.Destination.Namespace = "exactly13byte";
        longText.Destination.Labels.Add("k8s:ü=ß-é-漢字");
        longText.SourceNames.Add("日本.example.");
        longText.IngressAllowedBy.Add(new Policy { Name = "allow-" + new string('a', 20), Namespace = "ns" });
        longText.EgressAllowedBy.Add(new Policy { Name = "x" });
        edge.Add(longText);

        var flows = edge.Select((f, i) => StoredFlow.From("edge", f) with { TimeNs = ScenarioFlows.Start + i }).ToList();

        // A node name that is not valid UTF-16 (a lone surrogate) is stored as UTF-8 encodes it, with U+FFFD.
        flows.Add(flows[0] with { Node = "node-\uD800", TimeNs = ScenarioFlows.Start + 100 });
        flows.Add(flows[0] with { Node = string.Empty, Cluster = string.Empty, TimeNs = ScenarioFlows.Start + 101 });

        var rows = await AssertStoredAsTheParsedFlowHoldsAsync(flows);

        var labels = Column(rows, "source_labels");
        Assert.Empty((IList)labels[0]!);
        Assert.Equal(template.Flow.Source.Labels.Count + 5_000, ((IList)labels[1]!).Count);
        Assert.Equal(100_000, ((string)Column(rows, "source_pod")[4]!).Length);
        Assert.Equal("node-\uFFFD", Column(rows, "node")[5]);
    }

    [Fact]
    public async Task The_appender_refuses_a_row_that_falls_out_of_step_with_the_table()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        using var connection = new DuckDBConnection("Data Source=" + temp.Path);
        await connection.OpenAsync(None);
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = "CREATE TABLE t (a BIGINT, b VARCHAR, c VARCHAR[], d BLOB)";
            await create.ExecuteNonQueryAsync(None);
        }

        using var chunk = DuckDbChunkAppender.Create(connection, "t");

        Assert.Equal(4, chunk.ColumnCount);
        Assert.Throws<InvalidOperationException>(() => chunk.Add(1)); // an INTEGER into a BIGINT column
        Assert.Throws<InvalidOperationException>(() => chunk.AddText("x"u8)); // still at column a: a string into a BIGINT
        chunk.Add(1L);
        Assert.Throws<InvalidOperationException>(() => chunk.AddListItem("x"u8)); // column b is not a list
        chunk.AddText("b"u8);
        Assert.Throws<InvalidOperationException>(() => chunk.EndRow()); // two of four columns
        chunk.EndList();
        chunk.AddNull();
        Assert.Throws<InvalidOperationException>(() => chunk.AddNull()); // a fifth column
        chunk.EndRow();
        chunk.Close();

        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT a, b, len(c), d IS NULL FROM t";
        await using var reader = await read.ExecuteReaderAsync(None);
        Assert.True(await reader.ReadAsync(None));
        Assert.Equal((1L, "b", 0L, true), (reader.GetInt64(0), reader.GetString(1), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture), reader.GetBoolean(3)));
        Assert.False(await reader.ReadAsync(None));
    }

    /// <summary>
    /// Stores the flows through the store (the chunk path, columns read off the wire) and asserts that every row holds,
    /// column by column, what FlowColumns' own readers take from the parsed flow (the values the ClickHouse writer
    /// stores), that each row names its block and place, and that the originals read back byte for byte. Returns the
    /// rows by name.
    /// </summary>
    private static async Task<List<Dictionary<string, object?>>> AssertStoredAsTheParsedFlowHoldsAsync(IReadOnlyList<StoredFlow> flows)
    {
        await using var chunked = await TempDuckDbStore.CreateAsync();
        await chunked.Store.AppendAsync(flows, None);

        var actual = await RowsAsync(chunked.Store);
        Assert.Equal(flows.Count, actual.Count);
        var places = OriginalBlocks.Plan(flows).SelectMany((run, block) => Enumerable.Range(0, run.Count).Select(row => (Block: 1L + block, Row: row))).ToList();
        for (var i = 0; i < flows.Count; i++)
        {
            foreach (var column in FlowColumns.All.Where(c => c != FlowColumns.Original))
            {
                var want = Format(Expected(column, flows[i]));
                var got = Format(actual[i][column.Name]);
                Assert.True(want == got, $"row {i}, column {column.Name}: the parsed flow holds {Shorten(want)}, the chunk appender stored {Shorten(got)}");
            }

            Assert.Equal((places[i].Block, places[i].Row), (Convert.ToInt64(actual[i]["block_id"], CultureInfo.InvariantCulture), Convert.ToInt32(actual[i]["block_row"], CultureInfo.InvariantCulture)));
            Assert.Equal(places[i].Row == 0, actual[i]["block"] is not null);
            Assert.Equal("0x", Format(actual[i][FlowColumns.Original.Name]));
        }

        // The blocks hold the originals byte for byte.
        var read = new List<StoredFlow>();
        await foreach (var flow in chunked.Store.ReadAsync(new FlowReadRequest(), None))
        {
            read.Add(flow);
        }

        Assert.Equal(flows.Count, read.Count);
        Assert.All(flows.Zip(read), pair => Assert.True(pair.First.Original.Span.SequenceEqual(pair.Second.Original.Span)));
        return actual;
    }

    private static async Task<List<Dictionary<string, object?>>> RowsAsync(DuckDbFlowStore store)
    {
        var rows = new List<Dictionary<string, object?>>();
        // Label columns read through their sets, as FlowColumns gives them.
        var select = string.Join(", ", DuckDbRowWriter.ColumnNames.Select(name => $"{DuckDbLabelSetIndex.ValueSql(name)} AS {name}"));
        await foreach (var row in store.QueryRowsAsync($"SELECT {select} FROM flows ORDER BY rowid", None))
        {
            rows.Add(DuckDbRowWriter.ColumnNames.Select((name, i) => (name, row[i])).ToDictionary(c => c.name, c => c.Item2));
        }

        return rows;
    }

    /// <summary>
    /// A column's value read from the parsed flow by the column's own reader. Text is stored as UTF-8, so a string that
    /// is not valid UTF-16 (a lone surrogate) is expected as UTF-8 encodes it, with U+FFFD.
    /// </summary>
    private static object? Expected(FlowColumn column, StoredFlow flow)
    {
        var read = (Delegate)column.GetType().GetProperty(nameof(FlowColumn<int>.Read))!.GetValue(column)!;
        return read.DynamicInvoke(flow) switch
        {
            string text => AsStored(text),
            IReadOnlyList<string> items => items.Select(AsStored).ToList(),
            var value => value,
        };

        static string AsStored(string text) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
    }

    private static List<object?> Column(List<Dictionary<string, object?>> rows, string name) => [.. rows.Select(r => r[name])];

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + s + "'",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        IFormattable number => number.GetType().Name + ":" + number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + $"... ({text.Length} characters)";
}
