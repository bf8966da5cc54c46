// The worker of the OCR demo. AddAsyncAiWorker runs the SQS poller; AddPaddleOcr registers the OCR job.
// Settings: appsettings.json or environment variables such as AsyncAi__Worker__RequestQueueUrl; switch to
// presigned uploads (AsyncAi:Worker:UploadMode = PresignedUrls) or webhooks (AsyncAi:Worker:Webhook:Url) there
// (docs/aws/workers-outside-aws.md).
using AsyncAi.Samples.Worker;
using AsyncAi.Worker;
using Microsoft.Extensions.Options;

var builder = Host.CreateApplicationBuilder(args);
var sample = builder.Configuration.GetSection(WorkerSampleOptions.SectionName).Get<WorkerSampleOptions>() ?? new WorkerSampleOptions();

if (sample.ProvisionResources)
{
    await LocalResources.ProvisionAsync(builder.Configuration, sample);
}

OcrModelFiles.FillInDefaults(builder.Configuration, sample);

builder.Services.AddOptions<WorkerSampleOptions>().Bind(builder.Configuration.GetSection(WorkerSampleOptions.SectionName)).ValidateOnStart();
builder.Services.AddSingleton<IValidateOptions<WorkerSampleOptions>, WorkerSampleOptionsValidator>();

var worker = builder.Configuration.GetSection(AsyncAiWorkerOptions.DefaultSectionName);
builder.Services.AddAsyncAiWorker(worker)
    .AddPaddleOcr(worker.GetSection("Ocr"));

await builder.Build().RunAsync();
