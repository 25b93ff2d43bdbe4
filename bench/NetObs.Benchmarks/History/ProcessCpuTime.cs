using System.Globalization;

namespace NetObs.Benchmarks.History;

/// <summary>
/// User plus system CPU time of another process from /proc/PID/stat (Linux): it needs only the process id, which
/// NetObs.Testing's ClickHouseServerProcess exposes, not the Process object it keeps to itself.
/// </summary>
internal static class ProcessCpuTime
{
    // USER_HZ, the unit of utime and stime: 100 on every Linux architecture .NET runs on (sysconf(_SC_CLK_TCK)).
    private const double TicksPerSecond = 100;

    public static TimeSpan Of(int processId)
    {
        var stat = File.ReadAllText($"/proc/{processId}/stat");

        // The command name (field 2) is in parentheses and may hold spaces; the fields after it are space-separated,
        // starting with field 3 (state), so utime (14) and stime (15) are the 12th and 13th after the parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture) + long.Parse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
