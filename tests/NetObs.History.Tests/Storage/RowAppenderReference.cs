using System.Runtime.InteropServices;
using System.Text;
using DuckDB.NET.Data;
using NetObs.History.Storage;
using NetObs.History.Storage.Wire;
using NetObs.Hubble.FlowValues;

namespace NetObs.History.Tests.Storage;

/// <summary>
/// The DuckDB store's row writer before it filled native data chunks (DuckDbChunkAppender): every value through
/// DuckDB.NET's row appender, list items as .NET strings. Kept beside the tests as the reference that the chunk path
/// must store exactly alike, column by column and row by row.
/// </summary>
internal sealed class RowAppenderReference
{
    // Distinct strings grow with pods and IPs; past this many the caches start again so memory stays bounded.
    private const int MaxCachedStrings = 200_000;

    private static readonly byte[] Empty = [];
    private static readonly string[] NoStrings = [];
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
    private readonly Dictionary<byte[], string> _strings = new(Utf8KeyComparer.Instance);
    private readonly Dictionary<byte[], string>.AlternateLookup<ReadOnlySpan<byte>> _stringsBySpan;
    private readonly FlowRowValues _values = new();
    private readonly List<string> _list = [];
    private byte[] _text = new byte[256];

    public RowAppenderReference() => _stringsBySpan = _strings.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <param name="block">The encoded block that <paramref name="blockRow"/> 0 carries; null on the block's other rows.</param>
    public void Append(DuckDBAppender appender, StoredFlow stored, long blockId, int blockRow, byte[]? block)
    {
        var v = _values;
        var message = stored.Original;
        if (!FlowWireReader.TryRead(message.Span, v))
        {
            // Bytes the wire reader leaves to Google.Protobuf (a group where it does not expect one, nesting past its
            // depth): the parsed flow's own serialization is canonical, so it reads, and holds the values Google.Protobuf
            // read from the original.
            message = Google.Protobuf.MessageExtensions.ToByteArray(stored.Flow);
            if (!FlowWireReader.TryRead(message.Span, v))
            {
                throw new InvalidOperationException("A flow's serialization could not be read back for its columns.");
            }
        }

        var m = message.Span;
        var row = appender.CreateRow();
        row.AppendValue(stored.TimeNs);
        row.AppendValue(FlowColumnValues.Day(stored.TimeNs));
        row.AppendValue(Utf8(stored.Cluster));
        row.AppendValue(Utf8(stored.Node));
        row.AppendValue(v.Verdict);
        row.AppendValue(v.DropReason);
        row.AppendValue(v.TrafficDirection);
        row.AppendValue(v.IsReply);
        row.AppendValue(v.EventType);
        row.AppendValue(v.EventSubType);
        row.AppendValue(v.IpVersion);
        AppendText(row, m, v.SourceIp);
        AppendText(row, m, v.DestinationIp);
        AppendEndpoint(row, m, v.Source, v.SourceNames);
        AppendEndpoint(row, m, v.Destination, v.DestinationNames);
        row.AppendValue(v.L4Protocol);
        row.AppendValue(v.SourcePort);
        row.AppendValue(v.DestinationPort);
        row.AppendValue(v.TcpFlags);
        row.AppendValue(v.L7Protocol);
        row.AppendValue(v.HasL7 ? v.L7Type : FlowColumnValues.NoL7);
        row.AppendValue(v.LatencyNs);
        AppendText(row, m, v.DnsQuery);
        row.AppendValue(v.DnsRcode);
        AppendList(row, m, v.DnsQtypes);
        AppendText(row, m, v.HttpMethod);
        row.AppendValue(v.HttpCode);
        AppendBytes(row, HttpPathOf(v.HttpUrl.In(m)));
        AppendText(row, m, v.KafkaTopic);
        row.AppendValue(v.KafkaErrorCode);
        AppendText(row, m, v.KafkaApiKey);
        AppendPolicies(row, m, v.IngressAllowedBy, v.EgressAllowedBy);
        AppendPolicies(row, m, v.IngressDeniedBy, v.EgressDeniedBy);
        row.AppendValue(Empty);
        row.AppendValue(blockId);
        row.AppendValue((ushort)blockRow);
        if (block is null)
        {
            row.AppendNullValue();
        }
        else
        {
            row.AppendValue(block);
        }

        AppendListSummaries(row, m, v.Source.Workloads, v.SourceNames);
        AppendListSummaries(row, m, v.Destination.Workloads, v.DestinationNames);
        row.EndRow();
    }

    private void AppendEndpoint(IDuckDBAppenderRow row, ReadOnlySpan<byte> m, EndpointValues endpoint, List<Utf8Slice> names)
    {
        AppendText(row, m, endpoint.ClusterName);
        AppendText(row, m, endpoint.Namespace);
        AppendText(row, m, endpoint.PodName);
        if (endpoint.Workloads.Count == 0)
        {
            row.AppendValue<string>(NoStrings);
            row.AppendValue<string>(NoStrings);
        }
        else
        {
            _list.Clear();
            foreach (var workload in endpoint.Workloads)
            {
                _list.Add(Text(workload.Name.In(m)));
            }

            row.AppendValue<string>(_list);
            _list.Clear();
            foreach (var workload in endpoint.Workloads)
            {
                _list.Add(Text(workload.Kind.In(m)));
            }

            row.AppendValue<string>(_list);
        }

        row.AppendValue(endpoint.Identity);
        AppendList(row, m, endpoint.Labels);
        AppendList(row, m, names);
    }

    // FlowColumns.ListSummaries of one side: workload count, first workload and its kind, DNS name count, first DNS name.
    private static void AppendListSummaries(IDuckDBAppenderRow row, ReadOnlySpan<byte> m, List<WorkloadSlice> workloads, List<Utf8Slice> names)
    {
        row.AppendValue((uint)workloads.Count);
        AppendText(row, m, workloads.Count > 0 ? workloads[0].Name : default);
        AppendText(row, m, workloads.Count > 0 ? workloads[0].Kind : default);
        row.AppendValue((uint)names.Count);
        AppendText(row, m, names.Count > 0 ? names[0] : default);
    }

    private void AppendList(IDuckDBAppenderRow row, ReadOnlySpan<byte> m, List<Utf8Slice> values)
    {
        if (values.Count == 0)
        {
            row.AppendValue<string>(NoStrings);
            return;
        }

        _list.Clear();
        foreach (var value in values)
        {
            _list.Add(Text(value.In(m)));
        }

        row.AppendValue<string>(_list);
    }

    /// <summary>Policy names as <c>namespace/name</c> (or <c>name</c>), ingress ones first (FlowColumnValues.Policies).</summary>
    private void AppendPolicies(IDuckDBAppenderRow row, ReadOnlySpan<byte> m, List<PolicySlice> ingress, List<PolicySlice> egress)
    {
        if (ingress.Count + egress.Count == 0)
        {
            row.AppendValue<string>(NoStrings);
            return;
        }

        _list.Clear();
        foreach (var policy in ingress)
        {
            _list.Add(PolicyName(m, policy));
        }

        foreach (var policy in egress)
        {
            _list.Add(PolicyName(m, policy));
        }

        row.AppendValue<string>(_list);
    }

    private string PolicyName(ReadOnlySpan<byte> m, PolicySlice policy)
    {
        if (policy.Namespace.Length == 0)
        {
            return Text(policy.Name.In(m));
        }

        var length = policy.Namespace.Length + 1 + policy.Name.Length;
        if (_text.Length < length)
        {
            _text = new byte[Math.Max(length, _text.Length * 2)];
        }

        policy.Namespace.In(m).CopyTo(_text);
        _text[policy.Namespace.Length] = (byte)'/';
        policy.Name.In(m).CopyTo(_text.AsSpan(policy.Namespace.Length + 1));
        return Text(_text.AsSpan(0, length));
    }

    /// <summary>The path part of an HTTP URL's UTF-8 bytes, as <see cref="FlowColumnValues.HttpPath"/> takes it from the text.</summary>
    private static ReadOnlySpan<byte> HttpPathOf(ReadOnlySpan<byte> url) =>
        UrlPath.Find(url, (byte)':', (byte)'/', (byte)'?', (byte)'#') is { } path ? url[path] : "/"u8;

    private static void AppendText(IDuckDBAppenderRow row, ReadOnlySpan<byte> m, Utf8Slice slice) => AppendBytes(row, slice.In(m));

    private static void AppendBytes(IDuckDBAppenderRow row, ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            // An empty span may have no address, which the appender takes for NULL; the column holds ''.
            row.AppendValue(Empty);
            return;
        }

        // The appender copies the bytes into its vector and never writes through the span.
        row.AppendValue(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(utf8), utf8.Length));
    }

    /// <summary>The string of some UTF-8 bytes, decoded once per writer (the list appender takes strings).</summary>
    private string Text(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return string.Empty;
        }

        if (_stringsBySpan.TryGetValue(utf8, out var text))
        {
            return text;
        }

        if (_strings.Count >= MaxCachedStrings)
        {
            _strings.Clear();
        }

        text = Encoding.UTF8.GetString(utf8);
        _strings[utf8.ToArray()] = text;
        return text;
    }

    private byte[] Utf8(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Empty;
        }

        if (_utf8.TryGetValue(value, out var bytes))
        {
            return bytes;
        }

        if (_utf8.Count >= MaxCachedStrings)
        {
            _utf8.Clear();
        }

        bytes = Encoding.UTF8.GetBytes(value);
        _utf8[value] = bytes;
        return bytes;
    }
}
