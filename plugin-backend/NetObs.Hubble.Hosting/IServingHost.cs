namespace NetObs.Hubble.Hosting;

/// <summary>A started server that <see cref="ServingProcess"/> announces, keeps running until a signal, and stops.</summary>
public interface IServingHost : IAsyncDisposable
{
    /// <summary>The one line printed on stdout once the server serves; scripts and tests parse it.</summary>
    string ListeningLine { get; }

    /// <summary>Stops serving and finishes in-flight work; disposing afterwards releases what is left.</summary>
    Task StopAsync();
}
