using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AsyncAi.AspNetCore;

/// <summary>
/// The problem documents (RFC 9457) every endpoint answers errors with: a status, a title, a detail a person can
/// read, and a stable <c>code</c> a program can test.
/// </summary>
internal static class Problems
{
    public static ProblemHttpResult Of(int status, string code, string detail) =>
        TypedResults.Problem(
            detail: detail,
            statusCode: status,
            title: Title(status),
            extensions: new Dictionary<string, object?> { ["code"] = code });

    public static ProblemHttpResult NotAJobId() => Of(StatusCodes.Status400BadRequest, "invalid_job_id", "That is not a job id.");

    public static ProblemHttpResult NotFound() => Of(StatusCodes.Status404NotFound, "job_not_found", "There is no such job.");

    public static ProblemHttpResult Forbidden() => Of(StatusCodes.Status403Forbidden, "forbidden", "You may not do this with this job.");

    public static ProblemHttpResult HttpsRequired() =>
        Of(StatusCodes.Status403Forbidden, "https_required", "This endpoint carries secrets and accepts only https outside loopback.");

    private static string Title(int status) => status switch
    {
        400 => "Bad request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not found",
        409 => "Conflict",
        413 => "Content too large",
        415 => "Unsupported media type",
        _ => "Error",
    };
}
