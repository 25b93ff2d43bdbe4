namespace NetObs.History.Aggregation;

/// <summary>An aggregation request the store cannot answer as asked (unknown dimension, empty buckets); the message says how to fix it.</summary>
public sealed class AggregationQueryException(string message) : Exception(message);
