namespace NetObs.Generator.Templates;

/// <summary>Templates failed to parse or render; each message reads <c>file:line:col: what</c>.</summary>
public sealed class TemplateException(IReadOnlyList<string> errors) : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
