using NetObs.History.Storage.Wire;

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

    private static readonly int EpochDay = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
    private readonly FlowRowValues _values = new();
    private readonly FlowRowText _text = new();

    /// <param name="block">The encoded block that <paramref name="blockRow"/> 0 carries; null on the block's other rows.</param>
    public void Append(DuckDbChunkAppender chunk, StoredFlow stored, long blockId, int blockRow, byte[]? block)
    {
        var v = _values;
        var m = FlowWireReader.ReadStored(stored, v).Span;
        chunk.Add(stored.TimeNs);

        // DATE is stored as days since 1970-01-01.
        chunk.Add(FlowColumnValues.Day(stored.TimeNs).DayNumber - EpochDay);
        chunk.AddText(_text.Utf8(stored.Cluster));
        chunk.AddText(_text.Utf8(stored.Node));
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
        chunk.Add(FlowRowText.L7Type(v));
        chunk.Add(v.LatencyNs);
        chunk.AddText(v.DnsQuery.In(m));
        chunk.Add(v.DnsRcode);
        AddList(chunk, m, v.DnsQtypes);
        chunk.AddText(v.HttpMethod.In(m));
        chunk.Add(v.HttpCode);
        chunk.AddText(FlowRowText.HttpPath(v.HttpUrl.In(m)));
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
            chunk.AddListItem(_text.PolicyName(m, policy));
        }

        foreach (var policy in egress)
        {
            chunk.AddListItem(_text.PolicyName(m, policy));
        }

        chunk.EndList();
    }
}
