namespace AsyncAi.Reliability.Scenarios;

/// <summary>
/// Cold start, for scale-to-zero (docs/aws/scaling.md): a job is waiting when a worker process is spawned; how long
/// until its handler starts, and, with an ONNX model to load and warm up, until the job that needs the model ends.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ColdStartTests
{
    private const int Runs = 3;

    [Fact]
    public async Task A_worker_spawned_with_a_job_waiting_starts_it_and_one_with_a_model_ends_it_once_the_model_is_warm()
    {
        var wall = Stopwatch.StartNew();
        await using var stage = await Stage.CreateAsync("cold-start");
        var backend = stage.StartBackend("Handler");
        await backend.WaitForReadyAsync();
        var jobs = new List<string>();

        var plain = new List<(double Ready, double FirstJob)>();
        for (var run = 0; run < Runs; run++)
        {
            var job = (await Jobs.PublishAsync(stage, JobTypes.NoOp, 1)).Single();
            jobs.Add(job);
            plain.Add(await ColdStartAsync(stage, job, model: null, backend));
        }

        var model = Path.Combine(RepositoryPaths.Root, ".models", "paddleocr-v4", "ch_PP-OCRv4_det_infer.onnx");
        var warm = new List<(double Ready, double FirstJob)>();
        if (File.Exists(model))
        {
            for (var run = 0; run < Runs; run++)
            {
                var job = (await Jobs.PublishAsync(stage, JobTypes.LoadModel, 1)).Single();
                jobs.Add(job);
                warm.Add(await ColdStartAsync(stage, job, model, backend));
            }
        }

        var records = stage.Records();
        var delivery = Checks.Delivery(jobs, records);
        ReliabilitySummary.Record(new ScenarioReport
        {
            Scenario = "Cold start (spawn to first job)",
            Sent = jobs.Count, Completed = delivery.Completed, Lost = delivery.Lost, Duplicated = delivery.Duplicated,
            WallSeconds = wall.Elapsed.TotalSeconds,
            Notes = FormattableString.Invariant($"median of {Runs} spawns of the worker host (dotnet, Release build, a job already queued): process start to ready {Median(plain, r => r.Ready):0} ms, to the handler's start {Median(plain, r => r.FirstJob):0} ms")
                + (warm.Count == 0
                    ? "; ONNX case skipped (no model under .models)"
                    : FormattableString.Invariant($"; with the PaddleOCR v4 detection model (4.7 MB) loaded and warmed up at 1x3x640x640 (CPU): to ready {Median(warm, r => r.Ready):0} ms, to the end of the first job that waits for the model {Median(warm, r => r.FirstJob):0} ms")),
        });

        Assert.Equal(new DeliveryCounts(jobs.Count, jobs.Count, 0, 0, 0), delivery);
        Assert.All(records, r => Assert.Equal("Succeeded", r.Type));
    }

    /// <summary>Spawns a worker, waits for <paramref name="job"/>'s record, stops the worker; ms from spawn to ready and to the job (its start; with a model, its end).</summary>
    private static async Task<(double Ready, double FirstJob)> ColdStartAsync(Stage stage, string job, string? model, HostProcess backend)
    {
        var settings = new Dictionary<string, string> { ["Concurrency"] = "4", ["ReceiveWaitTime"] = "00:00:01" };
        if (model is not null)
        {
            settings["Models:" + JobTypes.ModelName + ":ModelPath"] = model;
            foreach (var (dimension, size) in new long[] { 1, 3, 640, 640 }.Select((size, i) => (i, size)))
            {
                settings[FormattableString.Invariant($"Models:{JobTypes.ModelName}:WarmupShapes:0:{dimension}")] = size.ToString(CultureInfo.InvariantCulture);
            }
        }

        var spawnedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var worker = stage.StartWorker(settings);
        await worker.WaitForReadyAsync(TimeSpan.FromMinutes(2));
        var readyAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.True(await stage.WaitForRecordsAsync([job], TimeSpan.FromMinutes(2), [backend, worker]), "the waiting job did not complete");
        var at = model is null
            ? WorkerJournal.Runs(worker).First(r => r.JobId == job).AtMs
            : WorkerJournal.Ends(worker).First(e => e.JobId == job).AtMs;
        worker.Terminate();
        Assert.True(await worker.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the worker did not stop");

        // Its last long poll stays open on the queue after the process is gone and would take the next run's job.
        await Task.Delay(TimeSpan.FromSeconds(2));
        return (readyAt - spawnedAt, at - spawnedAt);
    }

    private static double Median(List<(double Ready, double FirstJob)> runs, Func<(double Ready, double FirstJob), double> of)
    {
        var sorted = runs.Select(of).Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
