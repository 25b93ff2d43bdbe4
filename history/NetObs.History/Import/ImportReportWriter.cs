namespace NetObs.History.Import;

/// <summary>Prints what an import did: one line per file, the skipped lines grouped by reason with their numbers, and a total.</summary>
public static class ImportReportWriter
{
    private const int LinesShownPerReason = 10;

    public static void Write(TextWriter output, IReadOnlyList<ImportFileReport> reports)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var report in reports)
        {
            if (report.FileProblem is { } problem)
            {
                output.WriteLine($"{report.File}: not imported: {problem}");
                continue;
            }

            output.WriteLine($"{report.File}: {report.LinesRead} lines read, {report.FlowsStored} flows stored, {report.Skipped.Count} lines skipped, {report.GapsRecorded} gaps recorded");
            foreach (var group in report.Skipped.GroupBy(s => s.Reason).OrderBy(g => g.Key))
            {
                var numbers = string.Join(", ", group.Take(LinesShownPerReason).Select(s => s.LineNumber));
                var more = group.Count() > LinesShownPerReason ? $" and {group.Count() - LinesShownPerReason} more" : "";
                output.WriteLine($"  skipped {group.Count()} {Describe(group.Key)} (lines {numbers}{more})");
                if (group.Key == SkipReason.Corrupt)
                {
                    foreach (var line in group.Take(LinesShownPerReason))
                    {
                        output.WriteLine($"    {line.Detail}");
                    }
                }
            }
        }

        output.WriteLine($"total: {reports.Sum(r => r.LinesRead)} lines read, {reports.Sum(r => r.FlowsStored)} flows stored, " +
            $"{reports.Sum(r => r.Skipped.Count)} lines skipped, {reports.Count(r => r.FileProblem is not null)} files not imported");
    }

    private static string Describe(SkipReason reason) => reason switch
    {
        SkipReason.Blank => "blank line(s)",
        SkipReason.Corrupt => "unreadable line(s)",
        SkipReason.AgentEvent => "agent event(s) (not flows)",
        SkipReason.DebugEvent => "debug event(s) (not flows)",
        SkipReason.NodeStatus => "node-status message(s) (not flows)",
        _ => reason.ToString(),
    };
}
