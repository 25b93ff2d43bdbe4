using System.Buffers;
using System.Text;
using System.Text.Json;
using Cilium.Flow;
using NetObs.Grafana.Frames;
using NetObs.Hubble.Filtering;
using NetObs.Hubble.FlowValues;
using NetObs.Plugin.Frames;
using NetObs.Query.Flows;
using NetObs.Query.QueryTypes.Flows;

namespace NetObs.Plugin.QueryTypes.Flows;

/// <summary>
/// The <c>flows</c> frame: Grafana's data-plane log-lines shape (<c>timestamp</c>, <c>body</c>, <c>severity</c>,
/// <c>id</c>, <c>labels</c>) followed by one column per flow attribute, so the same frame reads as logs and as a table.
/// </summary>
internal static class FlowsFrameBuilder
{
    public static DataFrame Build(FlowsResult result)
    {
        var frame = BuildFrame("flows", result.Flows);
        frame.RefId = result.RefId;
        frame.Meta = ResultFrameMeta.For(result, FrameTypes.LogLines, new FrameTypeVersion(0, 0), "logs");
        return frame;
    }

    /// <summary>The same columns for any list of flows (also used by live-tail batches).</summary>
    public static DataFrame BuildFrame(string name, IReadOnlyList<FlowRecord> flows)
    {
        var columns = new FlowColumns(flows.Count);
        foreach (var record in flows)
        {
            columns.Add(record);
        }

        return new DataFrame(name, columns.Fields());
    }

    /// <summary>The columns of the flows frame, filled row by row.</summary>
    private sealed class FlowColumns(int rows)
    {
        private readonly Field<long> _timestamp = Field.Time("timestamp", new List<long>(rows));
        private readonly Field<string> _body = Field.String("body", new List<string>(rows));
        private readonly Field<string> _severity = Field.String("severity", new List<string>(rows));
        private readonly Field<string> _id = Field.String("id", new List<string>(rows));
        private readonly Field<string> _labels = Field.Json("labels", new List<string>(rows));
        private readonly Dictionary<string, Field<string>> _text = [];
        private readonly Field<long?> _sourcePort = Field.Int64("source_port", new List<long?>(rows));
        private readonly Field<long?> _destinationPort = Field.Int64("destination_port", new List<long?>(rows));
        private readonly Field<long?> _httpStatus = Field.Int64("http_status", new List<long?>(rows));
        private readonly Field<double?> _latency = Field.Float64("latency_ms", new List<double?>(rows));
        private readonly Field<long?> _kafkaError = Field.Int64("kafka_error_code", new List<long?>(rows));
        private readonly FlowText _flowText = new();

        private static readonly string[] TextColumns =
        [
            "node", "verdict", "drop_reason", "traffic_direction", "observation_point", "event_type",
            "source_namespace", "source_pod", "source_workload", "source_identity", "source_ip",
            "destination_namespace", "destination_pod", "destination_workload", "destination_identity", "destination_ip",
            "protocol", "tcp_flags", "is_reply", "l7_type", "summary",
            "dns_query", "dns_rcode", "dns_qtypes", "dns_ips", "http_method", "http_url", "kafka_topic", "kafka_api_key",
            "policies_allowed", "policies_denied",
        ];

        public void Add(FlowRecord record)
        {
            var flow = record.Flow;
            _timestamp.Values.Add(record.TimeNs);
            _body.Values.Add(CompactFlowFormatter.Format(flow, record.TimeNs));
            _severity.Values.Add(FlowSeverity.Of(flow));
            _id.Values.Add(flow.Uuid.Length > 0 ? flow.Uuid : $"{record.TimeNs}-{record.NodeName}-{_id.Values.Count}");
            _labels.Values.Add(Labels(flow, record.NodeName));

            var l7 = flow.L7;
            Text("node", record.NodeName);
            Text("verdict", ProtoEnumNames.Of(flow.Verdict));
            Text("drop_reason", flow.Verdict == Verdict.Dropped ? ProtoEnumNames.Of(flow.DropReasonDesc) : string.Empty);
            Text("traffic_direction", ProtoEnumNames.Of(flow.TrafficDirection));
            Text("observation_point", ProtoEnumNames.Of(flow.TraceObservationPoint));
            Text("event_type", ProtoEnumNames.Of(flow.Type));
            Endpoint("source", flow.Source, flow.IP?.Source);
            Endpoint("destination", flow.Destination, flow.IP?.Destination);
            Text("protocol", FlowText.L4Protocol(flow));
            Text("tcp_flags", FlowText.TcpFlags(flow));
            Text("is_reply", FlowText.IsReply(flow));
            Text("l7_type", l7 is null ? string.Empty : FlowText.Protocol(flow) + " " + ProtoEnumNames.Of(l7.Type));
            Text("summary", CompactFlowFormatter.Summary(flow));
            Text("dns_query", l7?.Dns?.Query ?? string.Empty);
            Text("dns_rcode", FlowText.DnsRcode(flow));
            Text("dns_qtypes", FlowText.DnsQtypes(flow));
            Text("dns_ips", l7?.Dns is { } dns ? string.Join(',', dns.Ips) : string.Empty);
            Text("http_method", l7?.Http?.Method ?? string.Empty);
            Text("http_url", l7?.Http?.Url ?? string.Empty);
            Text("kafka_topic", l7?.Kafka?.Topic ?? string.Empty);
            Text("kafka_api_key", l7?.Kafka?.ApiKey ?? string.Empty);
            Text("policies_allowed", Policies(flow.IngressAllowedBy, flow.EgressAllowedBy));
            Text("policies_denied", Policies(flow.IngressDeniedBy, flow.EgressDeniedBy));

            var sourcePort = FlowText.SourcePort(flow);
            var destinationPort = FlowText.DestinationPort(flow);
            _sourcePort.Values.Add(sourcePort == 0 ? null : sourcePort);
            _destinationPort.Values.Add(destinationPort == 0 ? null : destinationPort);
            _httpStatus.Values.Add(l7?.Http is { Code: > 0 } http ? http.Code : null);
            _latency.Values.Add(l7 is { LatencyNs: > 0 } ? l7.LatencyNs / 1e6 : null);
            _kafkaError.Values.Add(l7?.Kafka is { } kafka ? kafka.ErrorCode : null);
        }

        public IEnumerable<Field> Fields()
        {
            yield return _timestamp;
            yield return _body;
            yield return _severity;
            yield return _id;
            yield return _labels;
            foreach (var name in TextColumns)
            {
                yield return Column(name);
                if (name == "source_ip")
                {
                    yield return _sourcePort;
                }
                else if (name == "destination_ip")
                {
                    yield return _destinationPort;
                }
                else if (name == "http_url")
                {
                    yield return _httpStatus;
                    yield return _latency;
                }
                else if (name == "kafka_api_key")
                {
                    yield return _kafkaError;
                }
            }

            _latency.Config = new FieldConfig { Unit = "ms" };
        }

        private void Endpoint(string side, Endpoint? endpoint, string? ip)
        {
            Text($"{side}_namespace", endpoint?.Namespace ?? string.Empty);
            Text($"{side}_pod", endpoint?.PodName ?? string.Empty);
            Text($"{side}_workload", FlowText.WorkloadName(endpoint));
            Text($"{side}_identity", endpoint is null ? string.Empty : _flowText.Number(endpoint.Identity));
            Text($"{side}_ip", ip ?? string.Empty);
        }

        private void Text(string column, string value) => Column(column).Values.Add(value);

        private Field<string> Column(string name)
        {
            if (!_text.TryGetValue(name, out var field))
            {
                field = Field.String(name, new List<string>(rows));
                _text[name] = field;
            }

            return field;
        }

        private static string Policies(IEnumerable<Policy> ingress, IEnumerable<Policy> egress) =>
            string.Join(", ", ingress.Concat(egress).Select(p => p.Namespace.Length == 0 ? p.Name : $"{p.Namespace}/{p.Name}").Distinct(StringComparer.Ordinal));

        private static string Labels(Flow flow, string node)
        {
            var buffer = new ArrayBufferWriter<byte>(256);
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                Write(writer, "verdict", ProtoEnumNames.Of(flow.Verdict));
                Write(writer, "node", node);
                Write(writer, "source_namespace", flow.Source?.Namespace);
                Write(writer, "source_pod", flow.Source?.PodName);
                Write(writer, "destination_namespace", flow.Destination?.Namespace);
                Write(writer, "destination_pod", flow.Destination?.PodName);
                Write(writer, "protocol", FlowText.Protocol(flow));
                Write(writer, "traffic_direction", ProtoEnumNames.Of(flow.TrafficDirection));
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }

        private static void Write(Utf8JsonWriter writer, string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                writer.WriteString(key, value);
            }
        }
    }
}
