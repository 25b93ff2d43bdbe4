namespace NetObs.Query.Model;

/// <summary>The query types of the query model; their JSON names are <c>flows</c>, <c>timeseries</c>, <c>topk</c>, <c>servicemap</c>, <c>status</c>, <c>coverage</c>.</summary>
public enum QueryType
{
    Flows,
    TimeSeries,
    TopK,
    ServiceMap,
    Status,
    Coverage,
}
