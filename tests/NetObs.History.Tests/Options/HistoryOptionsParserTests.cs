using NetObs.History.Options;
using NetObs.Testing.Tls;

namespace NetObs.History.Tests.Options;

public sealed class HistoryOptionsParserTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netobs-history-options-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Relays_carry_their_cluster_and_default_to_the_default_cluster()
    {
        var options = Parse("--relay", "aks-prod=tls://hubble-relay:443", "--relay", "localhost:4245", "--store", Store());

        Assert.Equal([new RelayTarget("aks-prod", "tls://hubble-relay:443"), new RelayTarget("default", "localhost:4245")], options.Relays);
    }

    [Fact]
    public void Listen_defaults_to_loopback_4246_and_store_to_a_duckdb_file()
    {
        var current = Environment.CurrentDirectory;
        Environment.CurrentDirectory = _folder;
        try
        {
            var options = HistoryOptionsParser.Parse([])!;
            Assert.Equal("127.0.0.1:4246", options.Listen.ToString());
            Assert.Equal(StoreKind.DuckDb, options.Store.Kind);
            Assert.Equal(Path.Combine(_folder, "netobs-history.duckdb"), options.Store.FilePath);
            Assert.Null(options.Retention);
        }
        finally
        {
            Environment.CurrentDirectory = current;
        }
    }

    [Theory]
    [InlineData("7d", 7 * 24)]
    [InlineData("36h", 36)]
    [InlineData("1d12h", 36)]
    [InlineData("2w", 14 * 24)]
    public void Retention_takes_days_and_hours(string text, int hours)
    {
        var options = Parse("--store", Store(), "--retention", text);

        Assert.Equal(TimeSpan.FromHours(hours), options.Retention);
    }

    [Theory]
    [InlineData("7x", "--retention '7x' is not a duration")]
    [InlineData("seven days", "--retention 'seven days' is not a duration")]
    [InlineData("10m", "--retention '10m' is not a duration from 1h")]
    public void Bad_retention_names_the_value_and_the_fix(string text, string expected)
    {
        var error = Assert.Throws<OptionsException>(() => Parse("--store", Store(), "--retention", text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("--retention 7d", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_store_scheme_lists_the_schemes_there_are()
    {
        var error = Assert.Throws<OptionsException>(() => Parse("--store", "postgres://db:5432/flows"));

        Assert.Contains("unknown store scheme 'postgres'", error.Message, StringComparison.Ordinal);
        Assert.Contains("duckdb:PATH", error.Message, StringComparison.Ordinal);
        Assert.Contains("clickhouse://HOST:PORT/DB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duckdb_file_in_a_missing_folder_is_refused_with_the_folder()
    {
        var missing = Path.Combine(_folder, "no-such-folder", "flows.duckdb");

        var error = Assert.Throws<OptionsException>(() => Parse("--store", $"duckdb:{missing}"));

        Assert.Contains($"the folder '{Path.GetDirectoryName(missing)}' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("mkdir -p", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duckdb_file_where_nothing_can_be_written_is_refused()
    {
        // /proc takes no new files, not even from root, so the check is real whoever runs the tests.
        var unwritable = "/proc/netobs-history-test.duckdb";

        var error = Assert.Throws<OptionsException>(() => Parse("--store", $"duckdb:{unwritable}"));

        Assert.Contains($"'{unwritable}' cannot be", error.Message, StringComparison.Ordinal);
        Assert.Contains("path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clickhouse_uri_needs_a_database_and_names_the_cluster_of_several_shards()
    {
        Assert.Equal(StoreKind.ClickHouse, Parse("--store", "clickhouse://127.0.0.1:8123/netobs").Store.Kind);
        Assert.Equal(StoreKind.ClickHouse, Parse("--store", "clickhouse://ch-0:8123,ch-1:8123/netobs?cluster=flows").Store.Kind);

        var error = Assert.Throws<OptionsException>(() => Parse("--store", "clickhouse://127.0.0.1"));
        Assert.Contains("the database is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("clickhouse://localhost:8123/netobs", error.Message, StringComparison.Ordinal);

        var shards = Assert.Throws<OptionsException>(() => Parse("--store", "clickhouse://ch-0:8123,ch-1:8123/netobs"));
        Assert.Contains("?cluster=NAME", shards.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clickhouse_password_is_shown_nowhere_the_store_is_printed()
    {
        // deploy/kubernetes/clickhouse/ fills the password into the URI from a secret; stdout and stderr go to pod logs.
        Assert.Equal("clickhouse://netobs@ch-0:8123/netobs", Parse("--store", "clickhouse://netobs:s3cret@ch-0:8123/netobs").Store.Display);
        Assert.Equal("clickhouse://netobs@ch-0:8123/netobs?cluster=flows", Parse("--store", "clickhouse://ch-0:8123/netobs?cluster=flows&user=netobs&password=s3cret").Store.Display);
        Assert.Equal("duckdb:" + Path.Combine(Path.GetTempPath(), "flows.duckdb"), Parse("--store", "duckdb:" + Path.Combine(Path.GetTempPath(), "flows.duckdb")).Store.Display);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Assert.Throws<OptionsException>(() => Parse("--relay", "prod=nohost", "--store", "mysql:x", "--listen", "localhost", "--frobnicate"));

        var lines = error.Message.Split(Environment.NewLine);
        Assert.Equal(4, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("--relay 'prod=nohost'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("unknown store scheme 'mysql'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("--listen 'localhost' is not HOST:PORT", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("unknown option '--frobnicate'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_cluster_twice_is_refused()
    {
        var error = Assert.Throws<OptionsException>(() => Parse("--relay", "prod=a:1", "--relay", "prod=b:2", "--store", Store()));

        Assert.Contains("cluster 'prod' is named more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_ca_file_without_certificates_is_named()
    {
        var ca = Path.Combine(_folder, "ca.crt");
        File.WriteAllText(ca, "not a certificate\n");

        var error = Assert.Throws<OptionsException>(() => Parse("--relay", "tls://relay:443", "--store", Store(), "--tls-ca-cert-files", ca));

        Assert.Contains($"--tls-ca-cert-files '{ca}' holds no certificate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_certificate_needs_its_key()
    {
        var certificate = Path.Combine(_folder, "tls.crt");
        File.WriteAllText(certificate, "x");

        var error = Assert.Throws<OptionsException>(() => Parse("--store", Store(), "--tls-client-cert-file", certificate));

        Assert.Contains("--tls-client-cert-file and --tls-client-key-file go together", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_certificate_and_a_key_that_are_not_pem_are_refused()
    {
        var certificate = Path.Combine(_folder, "tls.crt");
        var key = Path.Combine(_folder, "tls.key");
        File.WriteAllText(certificate, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        File.WriteAllText(key, "garbage");

        var error = Assert.Throws<OptionsException>(() =>
            Parse("--store", Store(), "--tls-client-cert-file", certificate, "--tls-client-key-file", key));

        Assert.Contains("are not a PEM certificate and its matching private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_key_of_another_certificate_is_refused_naming_both_files()
    {
        using var certificates = new TestCertificates();
        using var other = new TestCertificates();
        var certificate = Path.Combine(_folder, "tls.crt");
        var key = Path.Combine(_folder, "tls.key");
        File.WriteAllText(certificate, certificates.ClientCertificatePem);
        File.WriteAllText(key, other.ClientKeyPem);

        var error = Assert.Throws<OptionsException>(() =>
            Parse("--store", Store(), "--tls-client-cert-file", certificate, "--tls-client-key-file", key));

        Assert.Contains($"--tls-client-cert-file '{certificate}' and --tls-client-key-file '{key}' are not a PEM certificate and its matching private key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_returns_no_options()
    {
        Assert.Null(HistoryOptionsParser.Parse(["--help"]));
    }

    private string Store() => $"duckdb:{Path.Combine(_folder, "flows.duckdb")}";

    private static HistoryOptions Parse(params string[] args) => HistoryOptionsParser.Parse(args)!;
}
