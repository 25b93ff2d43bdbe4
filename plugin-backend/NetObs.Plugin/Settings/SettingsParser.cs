using System.Globalization;
using System.Text.Json;
using NetObs.Hubble.Filtering;
using NetObs.Query.Model;

namespace NetObs.Plugin.Settings;

/// <summary>Reads Grafana's DataSourceInstanceSettings (url, jsonData, decrypted secureJsonData) into <see cref="DataSourceSettings"/>, reporting every problem.</summary>
public static class SettingsParser
{
    private static readonly HashSet<string> KnownJsonKeys = new(StringComparer.Ordinal)
    {
        "tlsAuth", "tlsAuthWithCACert", "tlsSkipVerify", "serverName", "timeout", "defaultLimit", "maxLimit",
    };

    private static readonly HashSet<string> KnownSecureKeys = new(StringComparer.Ordinal) { "tlsCACert", "tlsClientCert", "tlsClientKey" };

    public static SettingsParseResult Parse(string? url, ReadOnlySpan<byte> jsonData, IReadOnlyDictionary<string, string> secureJsonData)
    {
        var problems = new List<QueryProblem>();
        var warnings = new List<string>();

        var (address, tlsScheme) = ReadAddress(url, problems);

        var tlsAuth = false;
        var withCa = false;
        var skipVerify = false;
        string? serverName = null;
        var timeout = DataSourceSettings.DefaultTimeout;
        var defaultLimit = DataSourceSettings.DefaultDefaultLimit;
        var maxLimit = DataSourceSettings.DefaultMaxLimit;

        if (jsonData.Trim(" \t\r\n"u8).Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(jsonData.ToArray());
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    problems.Add(new QueryProblem("jsonData", "must be a JSON object."));
                }
                else if (JsonInputText.FindInvalidText(root) is { } invalidAt)
                {
                    // Reading the keys below would throw on such a string.
                    problems.Add(new QueryProblem("jsonData", JsonInputText.InvalidTextProblem(invalidAt)));
                }
                else
                {
                    foreach (var property in root.EnumerateObject())
                    {
                        if (!KnownJsonKeys.Contains(property.Name))
                        {
                            warnings.Add($"jsonData.{property.Name} is not a NetObs setting and is ignored.");
                        }
                    }

                    tlsAuth = ReadBool(root, "tlsAuth", problems);
                    withCa = ReadBool(root, "tlsAuthWithCACert", problems);
                    skipVerify = ReadBool(root, "tlsSkipVerify", problems);
                    serverName = ReadString(root, "serverName", problems);
                    var seconds = ReadNumber(root, "timeout", problems);
                    if (seconds is { } s)
                    {
                        // Written so that NaN fails too; below 1 s the relay client refuses the timeout, which used to be reported as a secureJsonData problem.
                        if (!(s >= 1 && s <= 3600))
                        {
                            problems.Add(new QueryProblem("jsonData.timeout", $"must be between 1 and 3600 seconds, got {s.ToString(CultureInfo.InvariantCulture)}."));
                        }
                        else
                        {
                            timeout = TimeSpan.FromSeconds(s);
                        }
                    }

                    defaultLimit = ReadLimit(root, "defaultLimit", defaultLimit, problems);
                    maxLimit = ReadLimit(root, "maxLimit", maxLimit, problems);
                }
            }
            catch (JsonException e)
            {
                problems.Add(new QueryProblem("jsonData", $"is not valid JSON {JsonInputText.Where(e)}; save the data source again from its settings page."));
            }
        }

        if (defaultLimit > maxLimit)
        {
            problems.Add(new QueryProblem("jsonData.defaultLimit", $"{defaultLimit} is above maxLimit {maxLimit}; lower defaultLimit or raise maxLimit."));
        }

        foreach (var key in secureJsonData.Keys)
        {
            if (!KnownSecureKeys.Contains(key))
            {
                warnings.Add($"secureJsonData.{key} is not a NetObs setting and is ignored.");
            }
        }

        var ca = ReadPem(secureJsonData, "tlsCACert", "CERTIFICATE", problems);
        var clientCert = ReadPem(secureJsonData, "tlsClientCert", "CERTIFICATE", problems);
        var clientKey = ReadPem(secureJsonData, "tlsClientKey", "PRIVATE KEY", problems);

        if (withCa && ca is null && !problems.Exists(p => p.Field == "secureJsonData.tlsCACert"))
        {
            problems.Add(new QueryProblem("secureJsonData.tlsCACert", "is empty but jsonData.tlsAuthWithCACert is true; paste the relay's CA certificate (PEM, e.g. ca.crt of secret hubble-relay-client-certs) or turn tlsAuthWithCACert off."));
        }

        if (tlsAuth)
        {
            if (clientCert is null && !problems.Exists(p => p.Field == "secureJsonData.tlsClientCert"))
            {
                problems.Add(new QueryProblem("secureJsonData.tlsClientCert", "is empty but jsonData.tlsAuth (mTLS) is true; paste the client certificate (PEM, tls.crt) or turn tlsAuth off."));
            }

            if (clientKey is null && !problems.Exists(p => p.Field == "secureJsonData.tlsClientKey"))
            {
                problems.Add(new QueryProblem("secureJsonData.tlsClientKey", "is empty but jsonData.tlsAuth (mTLS) is true; paste the client key (PEM, tls.key) or turn tlsAuth off."));
            }
        }

        if (problems.Count > 0 || address is null)
        {
            return new SettingsParseResult(null, problems, warnings);
        }

        var useTls = tlsScheme || tlsAuth || withCa || skipVerify;
        var settings = new DataSourceSettings(address, useTls, tlsAuth, skipVerify, serverName, timeout, defaultLimit, maxLimit,
            withCa ? ca : null, tlsAuth ? clientCert : null, tlsAuth ? clientKey : null);
        return new SettingsParseResult(settings, problems, warnings);
    }

    private static (string? Address, bool Tls) ReadAddress(string? url, List<QueryProblem> problems)
    {
        var text = url?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            problems.Add(new QueryProblem("url", "the relay address is empty; set it to host:port (e.g. hubble-relay.kube-system.svc:80) or tls://host:port."));
            return (null, false);
        }

        var tls = false;
        var rest = text;
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var name = text[..scheme].ToLowerInvariant();
            rest = text[(scheme + 3)..].TrimEnd('/');
            switch (name)
            {
                case "tls":
                case "https":
                    tls = true;
                    break;
                case "http":
                case "grpc":
                    break;
                default:
                    problems.Add(new QueryProblem("url", $"'{TextExcerpt.Of(text)}' has the scheme '{TextExcerpt.Of(name)}'; use host:port for plain gRPC or tls://host:port for TLS."));
                    return (null, false);
            }
        }

        var colon = rest.LastIndexOf(':');
        var closing = rest.LastIndexOf(']');
        if (colon < 0 || colon < closing || colon == rest.Length - 1)
        {
            problems.Add(new QueryProblem("url", $"'{TextExcerpt.Of(text)}' has no port; write host:port, e.g. {TextExcerpt.Of(rest)}:4245 (the relay's port; 443 or 80 behind the hubble-relay Service)."));
            return (null, tls);
        }

        if (!int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            problems.Add(new QueryProblem("url", $"'{TextExcerpt.Of(text)}' has the port '{TextExcerpt.Of(rest[(colon + 1)..])}', which is not a number from 1 to 65535."));
            return (null, tls);
        }

        if (colon == 0)
        {
            problems.Add(new QueryProblem("url", $"'{TextExcerpt.Of(text)}' has no host; write host:port."));
            return (null, tls);
        }

        return (rest, tls);
    }

    private static bool ReadBool(JsonElement root, string key, List<QueryProblem> problems)
    {
        if (!root.TryGetProperty(key, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return element.GetBoolean();
        }

        problems.Add(new QueryProblem($"jsonData.{key}", $"must be true or false, got {TextExcerpt.Of(element.GetRawText())}."));
        return false;
    }

    private static string? ReadString(JsonElement root, string key, List<QueryProblem> problems)
    {
        if (!root.TryGetProperty(key, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add(new QueryProblem($"jsonData.{key}", $"must be a string, got {TextExcerpt.Of(element.GetRawText())}."));
            return null;
        }

        var text = element.GetString()?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    private static double? ReadNumber(JsonElement root, string key, List<QueryProblem> problems)
    {
        if (!root.TryGetProperty(key, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // GetDouble throws on 1e999; such a number is reported as out of range below.
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var number))
        {
            return number;
        }

        // Grafana's generic config inputs save numbers as strings; accept those and "" (unset).
        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString();
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            // "NaN" and "Infinity" parse as doubles but are no setting's value.
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
            {
                return value;
            }
        }

        problems.Add(new QueryProblem($"jsonData.{key}", $"must be a finite number, got {TextExcerpt.Of(element.GetRawText())}."));
        return null;
    }

    private static int ReadLimit(JsonElement root, string key, int fallback, List<QueryProblem> problems)
    {
        var value = ReadNumber(root, key, problems);
        if (value is null)
        {
            return fallback;
        }

        if (value < 1 || value > 1_000_000 || value != Math.Floor(value.Value))
        {
            problems.Add(new QueryProblem($"jsonData.{key}", $"must be a whole number from 1 to 1000000, got {value.Value.ToString(CultureInfo.InvariantCulture)}."));
            return fallback;
        }

        return (int)value.Value;
    }

    private static string? ReadPem(IReadOnlyDictionary<string, string> secure, string key, string kind, List<QueryProblem> problems)
    {
        if (!secure.TryGetValue(key, out var text) || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (!text.Contains("-----BEGIN ", StringComparison.Ordinal) || !text.Contains(kind, StringComparison.Ordinal))
        {
            problems.Add(new QueryProblem($"secureJsonData.{key}", $"is not a PEM {kind.ToLowerInvariant()} (it must contain a '-----BEGIN ...{kind}-----' block); paste the whole file."));
            return null;
        }

        return text;
    }
}
