namespace NetObs.Simulator.Observer;

/// <summary>A GetFlowsRequest.field_mask path that names no Flow field.</summary>
public sealed class InvalidFieldMaskException(string message) : Exception(message);
