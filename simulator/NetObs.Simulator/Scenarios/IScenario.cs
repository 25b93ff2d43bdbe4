namespace NetObs.Simulator.Scenarios;

/// <summary>A troubleshooting situation that expands, one episode at a time, into Hubble flows.</summary>
public interface IScenario
{
    string Name { get; }

    /// <summary>Relative share of episodes when several scenarios are mixed.</summary>
    double Weight { get; }

    void Run(EpisodeContext context);
}
