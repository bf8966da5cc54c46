using System.Diagnostics;
using AsyncAi.Benchmarks.Pipeline.Aws;

namespace AsyncAi.Benchmarks.Pipeline.Measuring;

/// <summary>
/// Measures one timed pass: wall time, this process's CPU time, the emulator's CPU time, bytes allocated (all
/// threads) and AWS requests by kind, each as the difference between the start and the end.
/// </summary>
internal sealed class PassMeter
{
    private readonly EmulatorCpu _emulator;
    private readonly AwsRequestCounter _requests;
    private long _startTimestamp;
    private TimeSpan _selfCpu;
    private TimeSpan _emulatorCpu;
    private long _allocated;
    private Dictionary<string, long> _counts = [];

    public PassMeter(EmulatorCpu emulator, AwsRequestCounter requests)
    {
        _emulator = emulator;
        _requests = requests;
    }

    public void Start()
    {
        _counts = _requests.Snapshot();
        _allocated = GC.GetTotalAllocatedBytes(precise: true);
        _selfCpu = Process.GetCurrentProcess().TotalProcessorTime;
        _emulatorCpu = _emulator.Total();
        _startTimestamp = Stopwatch.GetTimestamp();
    }

    public PassMeasurement Stop(int jobs)
    {
        var elapsed = Stopwatch.GetElapsedTime(_startTimestamp);
        var emulatorCpu = _emulator.Total() - _emulatorCpu;
        var selfCpu = Process.GetCurrentProcess().TotalProcessorTime - _selfCpu;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocated;
        var requests = AwsRequestCounter.Delta(_counts, _requests.Snapshot());
        return new PassMeasurement(jobs, elapsed, selfCpu, emulatorCpu, allocated, requests);
    }
}

/// <summary>What one pass cost.</summary>
internal sealed record PassMeasurement(int Jobs, TimeSpan Elapsed, TimeSpan ProcessCpu, TimeSpan EmulatorCpu, long AllocatedBytes, Dictionary<string, long> Requests)
{
    public double JobsPerSecond => Jobs / Elapsed.TotalSeconds;

    public double ProcessCpuMicrosecondsPerJob => ProcessCpu.TotalMicroseconds / Jobs;

    public double EmulatorCpuMicrosecondsPerJob => EmulatorCpu.TotalMicroseconds / Jobs;

    public double AllocatedBytesPerJob => (double)AllocatedBytes / Jobs;
}
