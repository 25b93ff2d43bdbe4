namespace NetObs.Generator.Output;

/// <summary>One output file: its path relative to the output folder (with '/') and its full text (LF line ends).</summary>
public sealed record GeneratedFile(string Path, string Content);
