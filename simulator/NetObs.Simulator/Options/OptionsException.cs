namespace NetObs.Simulator.Options;

/// <summary>A command-line value the simulator cannot use; the message names the flag, the value and the fix.</summary>
public sealed class OptionsException(string message) : Exception(message);
