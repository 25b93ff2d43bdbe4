using NetObs.Hubble.Relay;
using NetObs.Query.Results;

namespace NetObs.Query.Queries;

/// <summary>
/// Turns relay errors into <see cref="QueryFailure"/>s, downstream unless TLS cannot be used in this process. The words come from NetObs.Hubble's
/// <see cref="RelayException"/>, which already names the relay, the cause and the fix; this adds the HTTP status.
/// </summary>
public static class RelayFailures
{
    /// <param name="error">What the relay call threw.</param>
    public static QueryFailure Describe(Exception error) => error switch
    {
        // No usable OpenSSL is the plugin's environment, not the relay: nothing was sent.
        RelayException { Failure: RelayFailure.TlsUnavailable } relay => new QueryFailure(relay.Message, FailureSource.Plugin, 500, error),
        RelayException relay => new QueryFailure(relay.Message, FailureSource.Downstream, Status(relay.Failure), error),
        QueryFailure already => already,

        // Anything else is a fault of the plugin's own code, e.g. an object it disposed itself: blaming the relay would send
        // the user to check a healthy relay, and the exception text means nothing to them (issue 12).
        _ => InternalFailure.From(error),
    };

    private static int Status(RelayFailure failure) => failure switch
    {
        RelayFailure.InvalidArgument => 400,
        RelayFailure.Deadline => 504,
        _ => 502,
    };
}
