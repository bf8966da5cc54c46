using System.Text.Json;
using System.Text.Json.Serialization;

namespace AsyncAi.Dashboard;

// What the page reads and sends. Internal: the page in this assembly is their only client.
internal sealed record QueueView(
    string Key,
    string Title,
    string Name,
    bool IsDeadLetterQueue,
    long? Visible,
    long? InFlight,
    long? Delayed,
    DateTimeOffset? SampledAt,
    string? Error,
    double? OldestAgeSeconds,
    string OldestAgeNote,
    long[] VisibleHistory,
    long[] InFlightHistory);

internal sealed record OperationView(
    string Id, string Kind, string QueueKey, string Actor, int? Requested, long Moved, long Failed, string Method, string State,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);

internal sealed record DashboardState(
    DateTimeOffset Now, double SampleIntervalSeconds, bool MayAct, bool HasJobStore, IReadOnlyList<QueueView> Queues, IReadOnlyList<OperationView> Operations);

internal sealed record DeadLetterView(
    string MessageId, string? JobId, string? JobType, string? Owner, string Reason, int ReceiveCount, DateTimeOffset? DeadLetteredAt, DateTimeOffset FirstSeen, string? Body);

internal sealed record DeadLetterListingView(
    string QueueKey, string QueueName, DateTimeOffset? TakenAt, bool Complete, bool Busy, bool BodiesShown, IReadOnlyList<DeadLetterView> Messages);

internal sealed record JobView(
    string JobId, string? Owner, string JobType, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt,
    double? QueueSeconds, double? RunSeconds, string? WorkerId, string? ErrorCode, string? ErrorMessage);

internal sealed record JobListView(IReadOnlyList<JobView> Items, string? Next);

internal sealed record JobDetailView(JobView Job, IReadOnlyList<string> Outputs, string? IdempotencyKey, string LastEvent, IReadOnlyDictionary<string, string>? Metadata);

internal sealed record RedriveRequest(IReadOnlyList<string>? MessageIds, bool All);

internal sealed record PurgeRequest(string? Confirm);

internal sealed record ActionAnswer(string Outcome, string? OperationId);

internal sealed record DashboardProblem(string Code, string Message);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DashboardState))]
[JsonSerializable(typeof(DeadLetterListingView))]
[JsonSerializable(typeof(JobListView))]
[JsonSerializable(typeof(JobDetailView))]
[JsonSerializable(typeof(RedriveRequest))]
[JsonSerializable(typeof(PurgeRequest))]
[JsonSerializable(typeof(ActionAnswer))]
[JsonSerializable(typeof(DashboardProblem))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
