using NetObs.History.Options;

namespace NetObs.History.Tests.Options;

public sealed class ImportOptionsParserTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netobs-history-import-options-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Files_store_and_cluster_are_read()
    {
        var file = Path.Combine(_folder, "events.log");
        File.WriteAllText(file, "");

        var options = ImportOptionsParser.Parse(["--store", $"duckdb:{Path.Combine(_folder, "f.duckdb")}", "--cluster", "aks-prod", file])!;

        Assert.Equal([file], options.Files);
        Assert.Equal("aks-prod", options.Cluster);
    }

    [Fact]
    public void A_missing_file_and_a_missing_list_are_explained()
    {
        var missing = Path.Combine(_folder, "nope.log");

        var error = Assert.Throws<OptionsException>(() => ImportOptionsParser.Parse(["--store", $"duckdb:{Path.Combine(_folder, "f.duckdb")}", missing]));
        Assert.Contains($"file '{missing}' does not exist", error.Message, StringComparison.Ordinal);

        var none = Assert.Throws<OptionsException>(() => ImportOptionsParser.Parse(["--store", $"duckdb:{Path.Combine(_folder, "f.duckdb")}"]));
        Assert.Contains("no file to import", none.Message, StringComparison.Ordinal);
    }
}
