using System.Collections;
using System.Globalization;
using Cilium.Flow;
using DuckDB.NET.Data;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.History.Tests.Storage;

/// <summary>
/// The store fills DuckDB data chunks through the C API (DuckDbChunkAppender); these tests hold every stored row equal,
/// column by column, to what the earlier path (DuckDB.NET's row appender, <see cref="RowAppenderReference"/>) stores for
/// the same flows, across chunk boundaries and over the values that stress a vector: empty and very long lists, long
/// and non-ASCII strings, strings at the inline limit, NULL blocks.
/// </summary>
public sealed class DuckDbChunkAppenderTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Every_scenario_flow_is_stored_as_the_row_appender_stored_it_with_a_partial_last_chunk()
    {
        var flows = ScenarioFlows.All;

        // More than one chunk of 2,048 rows, and a last chunk that is not full.
        Assert.True(flows.Count > 2048 && flows.Count % 2048 != 0, $"{flows.Count} scenario flows do not reach a partial second chunk");
        await AssertStoredAsTheRowAppenderStoresAsync(flows);
    }

    [Theory]
    [InlineData(2047)]
    [InlineData(2048)]
    [InlineData(2049)]
    [InlineData(4096)]
    public async Task Batches_at_and_around_a_chunk_boundary_store_every_row(int count)
    {
        var flows = Enumerable.Range(0, count).Select(i => ScenarioFlows.All[i % ScenarioFlows.All.Count] with { TimeNs = ScenarioFlows.Start + i }).ToList();

        var rows = await AssertStoredAsTheRowAppenderStoresAsync(flows);

        Assert.Equal(count, rows.Count);
    }

    [Fact]
    public async Task Empty_lists_long_lists_long_strings_and_odd_text_are_stored_as_the_row_appender_stored_them()
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

        // A node name that is not valid UTF-16 (a lone surrogate) is stored with U+FFFD by both paths.
        flows.Add(flows[0] with { Node = "node-\uD800", TimeNs = ScenarioFlows.Start + 100 });
        flows.Add(flows[0] with { Node = string.Empty, Cluster = string.Empty, TimeNs = ScenarioFlows.Start + 101 });

        var rows = await AssertStoredAsTheRowAppenderStoresAsync(flows);

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
    /// Stores the flows through the store (the chunk path) and, into a second file, through the reference row appender
    /// with the same block ids and blocks; asserts that every row and column is equal and returns the rows by name.
    /// </summary>
    private static async Task<List<Dictionary<string, object?>>> AssertStoredAsTheRowAppenderStoresAsync(IReadOnlyList<StoredFlow> flows)
    {
        await using var chunked = await TempDuckDbStore.CreateAsync();
        await chunked.Store.AppendAsync(flows, None);

        await using var reference = await TempDuckDbStore.CreateAsync();
        await using (var connection = new DuckDBConnection("Data Source=" + reference.Path))
        {
            await connection.OpenAsync(None);
            await using var transaction = await connection.BeginTransactionAsync(None);
            using (var appender = connection.CreateAppender("flows"))
            {
                var writer = new RowAppenderReference();
                var runs = OriginalBlocks.Plan(flows);
                for (var i = 0; i < runs.Count; i++)
                {
                    var block = OriginalBlockCodec.Encode(flows, runs[i].Start, runs[i].Count);
                    for (var row = 0; row < runs[i].Count; row++)
                    {
                        writer.Append(appender, flows[runs[i].Start + row], 1 + i, row, row == 0 ? block : null);
                    }
                }

                appender.Close();
            }

            await transaction.CommitAsync(None);
        }

        var expected = await RowsAsync(reference.Store);
        var actual = await RowsAsync(chunked.Store);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            foreach (var (column, value) in expected[i])
            {
                var want = Format(value);
                var got = Format(actual[i][column]);
                Assert.True(want == got, $"row {i}, column {column}: the row appender stored {Shorten(want)}, the chunk appender {Shorten(got)}");
            }
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
        await foreach (var row in store.QueryRowsAsync($"SELECT {string.Join(", ", DuckDbRowWriter.ColumnNames)} FROM flows ORDER BY rowid", None))
        {
            rows.Add(DuckDbRowWriter.ColumnNames.Select((name, i) => (name, row[i])).ToDictionary(c => c.name, c => c.Item2));
        }

        return rows;
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
