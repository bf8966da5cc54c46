using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AsyncAi.Samples.Tests;

/// <summary>
/// The <c>dotnet new</c> templates in templates/: installed into a private template hive, instantiated, built against
/// the sources, and run as a user would run them; one job goes from the backend's API through the worker.
/// </summary>
public sealed class TemplateTests(FauxqsFixture fauxqs) : EmulatorTests(fauxqs)
{
    [Fact]
    public async Task Apps_made_from_the_templates_build_and_run_one_job_against_the_emulator()
    {
        var root = Directory.CreateTempSubdirectory("asyncai-templates-");
        try
        {
            var hive = Path.Combine(root.FullName, "hive");
            foreach (var template in new[] { "asyncai-worker", "asyncai-backend" })
            {
                await RunAsync(root.FullName, "new", "install", Path.Combine(RepositoryPaths.Root, "templates", template), "--debug:custom-hive", hive);
            }

            // The bucket is a template parameter: the apps made get it in appsettings.json, with no environment override.
            var bucket = FauxqsEmulator.UniqueName("tpl-bucket");
            await RunAsync(root.FullName, "new", "asyncai-worker", "-n", "MyWorker", "-o", "worker", "--bucket", bucket, "--debug:custom-hive", hive);
            await RunAsync(root.FullName, "new", "asyncai-backend", "-n", "MyBackend", "-o", "backend", "--bucket", bucket, "--debug:custom-hive", hive);
            File.Copy(Path.Combine(RepositoryPaths.Root, "nuget.config"), Path.Combine(root.FullName, "nuget.config"));
            foreach (var app in new[] { "worker", "backend" })
            {
                // The src projects were built with this test project; BuildProjectReferences=false reuses them.
                await RunAsync(Path.Combine(root.FullName, app), "build", "-nologo", "-c", RepositoryPaths.Configuration, $"-p:AsyncAiRepo={RepositoryPaths.Root}", "-p:BuildProjectReferences=false");
            }

            var requestQueue = await Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("tpl-req"));
            var responseQueue = await Emulator.CreateQueueAsync(FauxqsEmulator.UniqueName("tpl-resp"));
            await Emulator.CreateBucketAsync(bucket);
            var endpoint = Emulator.ServiceUrl.ToString();
            var common = new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "test", ["AWS_SECRET_ACCESS_KEY"] = "test", ["AWS_REGION"] = FauxqsEmulator.Region };
            using var worker = App.Start(Path.Combine(root.FullName, "worker"), "MyWorker", [], new(common)
            {
                ["AsyncAi__Worker__RequestQueueUrl"] = requestQueue,
                ["AsyncAi__Worker__ResponseQueueUrl"] = responseQueue,
                ["AsyncAi__Worker__Aws__ServiceUrl"] = endpoint,
                ["AsyncAi__Worker__ReceiveWaitTime"] = "00:00:01",
            });
            var port = FreePort();
            using var backend = App.Start(Path.Combine(root.FullName, "backend"), "MyBackend", ["--urls", $"http://127.0.0.1:{port}"], new(common)
            {
                ["AsyncAi__Client__RequestQueueUrl"] = requestQueue,
                ["AsyncAi__Client__ResponseQueueUrl"] = responseQueue,
                ["AsyncAi__Client__Aws__ServiceUrl"] = endpoint,
                ["AsyncAi__Client__ListenerWaitTime"] = "00:00:01",

                // The template's development sign-in (X-Dev-User) runs only here; elsewhere the app asks for a real one.
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
            });
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            await WaitUntilUpAsync(http, backend);

            // Secure by default: a caller who is not signed in gets nothing; a signed-in user gets their own jobs.
            using (var anonymous = await http.PostAsJsonAsync("/api/jobs", new { contentType = "application/octet-stream", sizeBytes = 3 }))
            {
                Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }

            http.DefaultRequestHeaders.Add("X-Dev-User", "alice");
            var content = "template input"u8.ToArray();
            var job = await CreateAndUploadAsync(http, content);
            using (var start = await http.PostAsJsonAsync(job.GetProperty("startUrl").GetString(), new { }))
            {
                Assert.True(start.IsSuccessStatusCode, $"start answered {(int)start.StatusCode}\n{backend.Output}");
            }

            var view = await PollAsync(http, job.GetProperty("statusUrl").GetString()!, $"{backend.Output}\n{worker.Output}");
            Assert.True(view.GetProperty("state").GetString() == "succeeded", $"{view}\n{worker.Output}");
            var output = Assert.Single(view.GetProperty("outputs").EnumerateArray());
            Assert.Equal(content, await http.GetByteArrayAsync(output.GetProperty("url").GetString()));
            Assert.Contains("/owner=alice/", output.GetProperty("location").GetString(), StringComparison.Ordinal);
            using var bob = new HttpClient { BaseAddress = http.BaseAddress };
            bob.DefaultRequestHeaders.Add("X-Dev-User", "bob");
            using var bobsView = await bob.GetAsync(job.GetProperty("statusUrl").GetString());
            Assert.Equal(System.Net.HttpStatusCode.NotFound, bobsView.StatusCode);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static async Task<JsonElement> CreateAndUploadAsync(HttpClient http, byte[] content)
    {
        using var create = await http.PostAsJsonAsync("/api/jobs", new { contentType = "application/octet-stream", sizeBytes = content.Length });
        Assert.True(create.IsSuccessStatusCode, $"POST /api/jobs answered {(int)create.StatusCode}: {await create.Content.ReadAsStringAsync()}");
        var job = await create.Content.ReadFromJsonAsync<JsonElement>();
        var upload = job.GetProperty("upload");
        var boundary = "----asyncai" + Guid.NewGuid().ToString("N");
        using var form = new MultipartFormDataContent(boundary);
        form.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        foreach (var field in upload.GetProperty("fields").EnumerateObject())
        {
            form.Add(new StringContent(field.Value.GetString()!), $"\"{field.Name}\"");
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new("application/octet-stream");
        form.Add(file, "\"file\"", "\"input.bin\"");
        using var posted = await http.PostAsync(upload.GetProperty("url").GetString(), form);
        Assert.True(posted.IsSuccessStatusCode, $"POST to the presigned form answered {(int)posted.StatusCode}");
        return job;
    }

    private static async Task<JsonElement> PollAsync(HttpClient http, string statusUrl, string logs)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var view = await http.GetFromJsonAsync<JsonElement>(statusUrl);
            if (view.GetProperty("isFinished").GetBoolean())
            {
                return view;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The job did not finish within 2 minutes.\n{logs}");
        return default;
    }

    private static async Task WaitUntilUpAsync(HttpClient http, App backend)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (true)
        {
            Assert.False(backend.Process.HasExited, $"The backend exited:\n{backend.Output}");
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, $"The backend did not answer within a minute:\n{backend.Output}");
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    /// <summary>One app from a template, run from its build output, with its output kept for failure messages.</summary>
    private sealed class App : IDisposable
    {
        private readonly ConcurrentQueue<string> _lines = new();

        private App(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => Add(e.Data);
            process.ErrorDataReceived += (_, e) => Add(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Output => string.Join('\n', _lines.TakeLast(60));

        public static App Start(string directory, string name, string[] args, Dictionary<string, string> environment)
        {
            var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(Path.Combine(directory, "bin", RepositoryPaths.Configuration, "net10.0", name + ".dll"));
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }

            return new App(Process.Start(info)!);
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(10_000);
            }

            Process.Dispose();
        }

        private void Add(string? line)
        {
            if (line is not null)
            {
                _lines.Enqueue(line);
            }
        }
    }
}
