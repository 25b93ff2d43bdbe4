using NetObs.Grafana;

namespace NetObs.Plugin;

/// <summary>QueryData: every query runs concurrently (sharing relay streams) through the query type router, and each failure stays that query's error.</summary>
internal sealed partial class HubbleDataSource
{
    public Task<QueryDataResponse> QueryDataAsync(QueryDataRequest request, CancellationToken cancellationToken)
    {
        if (_router is null)
        {
            var failure = DataResponse.Failure(_settings.ErrorMessage + " Fix them in the data source's settings page.", ErrorSource.Plugin, 400);
            return Task.FromResult(new QueryDataResponse(request.Queries.ToDictionary(q => q.RefId, _ => failure, StringComparer.Ordinal)));
        }

        return _router.QueryDataAsync(request, cancellationToken);
    }
}
