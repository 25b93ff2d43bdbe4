namespace NetObs.History.Tests.ClickHouse;

/// <summary>The engine checks on chDB, ClickHouse 26.7 in process: the store's statements on a current engine.</summary>
[Collection(ChdbCollection.Name)]
public sealed class ChdbEngineTests(ChdbFixture chdb)
{
    [Fact]
    public async Task Migrations_apply_once_on_chdb_26_7()
    {
        await EngineChecks.Migrations_apply_once_and_record_their_versions(chdb.Connection, chdb.NewDatabase("single"), cluster: null);
    }

    [Fact]
    public async Task Hostile_strings_round_trip_on_chdb_26_7()
    {
        await EngineChecks.Hostile_strings_round_trip_through_rows_and_literals(chdb.Connection, chdb.NewDatabase("hostile"));
    }

    [Fact]
    public async Task Chdb_runs_a_current_clickhouse()
    {
        var version = await EngineChecks.TextAsync(chdb.Connection, "SELECT version() FORMAT TabSeparated");
        Assert.StartsWith("26.", version.Trim(), StringComparison.Ordinal);
    }
}
