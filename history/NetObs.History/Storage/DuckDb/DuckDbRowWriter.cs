using System.Text;
using NetObs.History.Storage.Wire;
using NetObs.Hubble.FlowValues;

namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// Writes flows as rows of the <c>flows</c> table: the columns of <see cref="FlowColumns.All"/> in that order, the
/// <c>flow</c> column left empty, then <c>block_id</c> and <c>block_row</c>, where the original message is found,
/// and <c>block</c>, the compressed block itself on the block's first row and NULL on the others, then the list
/// summaries (added by schema version 4, so they follow the block columns), then the ids of the source's and the
/// destination's label sets (version 6; the label list columns stay empty, <see cref="DuckDbLabelSets"/>). Values are read from
/// each flow's original bytes (<see cref="FlowWireReader"/>) without building the parsed message, and every string,
/// list items included, is written as the message's own UTF-8 bytes.
/// </summary>
internal sealed class DuckDbRowWriter(DuckDbLabelSets labelSets)
{
    /// <summary>The columns this writer fills, in order; a test holds them equal to the table and to FlowColumns.All.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } =
        [
            .. FlowColumns.All.Except(FlowColumns.ListSummaries).Select(c => c.Name), "block_id", "block_row", "block",
            .. FlowColumns.ListSummaries.Select(c => c.Name), DuckDbLabelSetIndex.SourceColumn, DuckDbLabelSetIndex.DestinationColumn,
        ];

    // Cluster and node names repeat on every flow of a follower; past this many the cache starts again so memory stays bounded.
    private const int MaxCachedStrings = 10_000;

    private static readonly int EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
    private readonly FlowRowValues _values = new();
    private byte[] _text = new byte[256];

    /// <param name="block">The encoded block that <paramref name="blockRow"/> 0 carries; null on the block's other rows.</param>
    public void Append(DuckDbChunkAppender chunk, StoredFlow stored, long blockId, int blockRow, byte[]? block)
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
        chunk.Add(stored.TimeNs);

        // DATE is stored as days since 1970-01-01.
        chunk.Add(FlowColumnValues.Day(stored.TimeNs).DayNumber - EpochDay);
        chunk.AddText(Utf8(stored.Cluster));
        chunk.AddText(Utf8(stored.Node));
        chunk.Add(v.Verdict);
        chunk.Add(v.DropReason);
        chunk.Add(v.TrafficDirection);
        chunk.Add(v.IsReply);
        chunk.Add(v.EventType);
        chunk.Add(v.EventSubType);
        chunk.Add(v.IpVersion);
        chunk.AddText(v.SourceIp.In(m));
        chunk.AddText(v.DestinationIp.In(m));
        AddEndpoint(chunk, m, v.Source, v.SourceNames);
        AddEndpoint(chunk, m, v.Destination, v.DestinationNames);
        chunk.Add(v.L4Protocol);
        chunk.Add(v.SourcePort);
        chunk.Add(v.DestinationPort);
        chunk.Add(v.TcpFlags);
        chunk.Add(v.L7Protocol);
        chunk.Add(v.HasL7 ? v.L7Type : FlowColumnValues.NoL7);
        chunk.Add(v.LatencyNs);
        chunk.AddText(v.DnsQuery.In(m));
        chunk.Add(v.DnsRcode);
        AddList(chunk, m, v.DnsQtypes);
        chunk.AddText(v.HttpMethod.In(m));
        chunk.Add(v.HttpCode);
        chunk.AddText(HttpPathOf(v.HttpUrl.In(m)));
        chunk.AddText(v.KafkaTopic.In(m));
        chunk.Add(v.KafkaErrorCode);
        chunk.AddText(v.KafkaApiKey.In(m));
        AddPolicies(chunk, m, v.IngressAllowedBy, v.EgressAllowedBy);
        AddPolicies(chunk, m, v.IngressDeniedBy, v.EgressDeniedBy);
        chunk.AddText([]);
        chunk.Add(blockId);
        chunk.Add((ushort)blockRow);
        if (block is null)
        {
            chunk.AddNull();
        }
        else
        {
            chunk.AddText(block);
        }

        AddListSummaries(chunk, m, v.Source.Workloads, v.SourceNames);
        AddListSummaries(chunk, m, v.Destination.Workloads, v.DestinationNames);
        chunk.Add(labelSets.IdOf(m, v.Source.Labels));
        chunk.Add(labelSets.IdOf(m, v.Destination.Labels));
        chunk.EndRow();
    }

    private static void AddEndpoint(DuckDbChunkAppender chunk, ReadOnlySpan<byte> m, EndpointValues endpoint, List<Utf8Slice> names)
    {
        chunk.AddText(endpoint.ClusterName.In(m));
        chunk.AddText(endpoint.Namespace.In(m));
        chunk.AddText(endpoint.PodName.In(m));
        foreach (var workload in endpoint.Workloads)
        {
            chunk.AddListItem(workload.Name.In(m));
        }

        chunk.EndList();
        foreach (var workload in endpoint.Workloads)
        {
            chunk.AddListItem(workload.Kind.In(m));
        }

        chunk.EndList();
        chunk.Add(endpoint.Identity);

        // The labels are named by their set's id at the end of the row.
        chunk.EndList();
        AddList(chunk, m, names);
    }

    // FlowColumns.ListSummaries of one side: workload count, first workload and its kind, DNS name count, first DNS name.
    private static void AddListSummaries(DuckDbChunkAppender chunk, ReadOnlySpan<byte> m, List<WorkloadSlice> workloads, List<Utf8Slice> names)
    {
        chunk.Add((uint)workloads.Count);
        chunk.AddText(workloads.Count > 0 ? workloads[0].Name.In(m) : default);
        chunk.AddText(workloads.Count > 0 ? workloads[0].Kind.In(m) : default);
        chunk.Add((uint)names.Count);
        chunk.AddText(names.Count > 0 ? names[0].In(m) : default);
    }

    private static void AddList(DuckDbChunkAppender chunk, ReadOnlySpan<byte> m, List<Utf8Slice> values)
    {
        foreach (var value in values)
        {
            chunk.AddListItem(value.In(m));
        }

        chunk.EndList();
    }

    /// <summary>Policy names as <c>namespace/name</c> (or <c>name</c>), ingress ones first (FlowColumnValues.Policies).</summary>
    private void AddPolicies(DuckDbChunkAppender chunk, ReadOnlySpan<byte> m, List<PolicySlice> ingress, List<PolicySlice> egress)
    {
        foreach (var policy in ingress)
        {
            chunk.AddListItem(PolicyName(m, policy));
        }

        foreach (var policy in egress)
        {
            chunk.AddListItem(PolicyName(m, policy));
        }

        chunk.EndList();
    }

    private ReadOnlySpan<byte> PolicyName(ReadOnlySpan<byte> m, PolicySlice policy)
    {
        if (policy.Namespace.Length == 0)
        {
            return policy.Name.In(m);
        }

        var length = policy.Namespace.Length + 1 + policy.Name.Length;
        if (_text.Length < length)
        {
            _text = new byte[Math.Max(length, _text.Length * 2)];
        }

        policy.Namespace.In(m).CopyTo(_text);
        _text[policy.Namespace.Length] = (byte)'/';
        policy.Name.In(m).CopyTo(_text.AsSpan(policy.Namespace.Length + 1));
        return _text.AsSpan(0, length);
    }

    /// <summary>The path part of an HTTP URL's UTF-8 bytes, as <see cref="FlowColumnValues.HttpPath"/> takes it from the text.</summary>
    private static ReadOnlySpan<byte> HttpPathOf(ReadOnlySpan<byte> url) =>
        UrlPath.Find(url, (byte)':', (byte)'/', (byte)'?', (byte)'#') is { } path ? url[path] : "/"u8;

    /// <summary>A string's UTF-8 bytes, encoded once per writer (invalid UTF-16 becomes U+FFFD, so the bytes are valid UTF-8).</summary>
    private byte[] Utf8(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return [];
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
