using System.Globalization;

namespace AsyncAi.Benchmarks.Pipeline.Measuring;

/// <summary>
/// The CPU time of the emulator, a node child of this process, read from <c>/proc/PID/stat</c> (utime + stime).
/// On 2 cores the emulator shares the CPU with the code under test, so its cost per job shows the ceiling the
/// machine sets.
/// </summary>
internal sealed class EmulatorCpu
{
    // USER_HZ, the unit of utime and stime; 100 on every Linux kernel configuration in use.
    private const double TicksPerSecond = 100;

    private readonly string? _statPath;

    private EmulatorCpu(int? pid)
    {
        Pid = pid;
        _statPath = pid is { } id ? $"/proc/{id.ToString(CultureInfo.InvariantCulture)}/stat" : null;
    }

    /// <summary>The node process id, or null where none was found (not Linux).</summary>
    public int? Pid { get; }

    /// <summary>Finds the node child this process started (the emulator launcher runs in one node process).</summary>
    public static EmulatorCpu FindNodeChild()
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var tasks = $"/proc/{self}/task";
        if (!Directory.Exists(tasks))
        {
            return new EmulatorCpu(null);
        }

        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            var childrenFile = Path.Combine(task, "children");
            if (!File.Exists(childrenFile))
            {
                continue;
            }

            foreach (var child in File.ReadAllText(childrenFile).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var comm = Path.Combine("/proc", child, "comm");
                if (File.Exists(comm) && File.ReadAllText(comm).Trim() is "node" or "MainThread")
                {
                    return new EmulatorCpu(int.Parse(child, CultureInfo.InvariantCulture));
                }
            }
        }

        return new EmulatorCpu(null);
    }

    /// <summary>The emulator's total CPU time so far; zero when it cannot be read.</summary>
    public TimeSpan Total()
    {
        if (_statPath is null || !File.Exists(_statPath))
        {
            return TimeSpan.Zero;
        }

        // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
        var stat = File.ReadAllText(_statPath);
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds((utime + stime) / TicksPerSecond);
    }
}
