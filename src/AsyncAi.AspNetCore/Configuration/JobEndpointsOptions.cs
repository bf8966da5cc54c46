using System.Security.Claims;

namespace AsyncAi.AspNetCore;

/// <summary>The job endpoints: what a browser may upload and which job it becomes.</summary>
public sealed class JobEndpointsOptions
{
    /// <summary>The job type every job created here gets; a worker must run a handler for it. Required.</summary>
    public string? JobType { get; set; }

    /// <summary>The name of the job's one input, the key under the job's <c>inputs/</c> folder.</summary>
    public string InputName { get; set; } = "input";

    /// <summary>The content types a browser may upload (exact MIME types such as <c>image/png</c>). Required.</summary>
    public IList<string> AllowedContentTypes { get; } = [];

    /// <summary>
    /// Origins (<c>https://app.example</c>, <c>http://localhost:5173</c>: scheme, host and port, no path) besides the
    /// app's own whose pages may call the endpoints that change state (create, start, cancel) and open the job
    /// WebSocket, as ASP.NET Core's <c>WebSocketOptions.AllowedOrigins</c>. The app's own origin (the request's scheme,
    /// host and port) is always allowed, so the default, empty, allows that one only. A request from a browser page of
    /// any other origin is refused with 403; a client that sends no <c>Origin</c> (not a browser) is not affected.
    /// Behind a proxy that changes the host or scheme, call <c>UseForwardedHeaders</c> or list the public origin here.
    /// An origin listed here for a page of another site also needs the app's CORS policy to allow it.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>The largest input; the presigned POST's policy pins it, so S3 itself refuses a larger file.</summary>
    public long MaxInputBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>How long the presigned upload stays valid.</summary>
    public TimeSpan UploadExpiry { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the download links of a finished job's outputs stay valid.</summary>
    public TimeSpan DownloadExpiry { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How often an event stream that has nothing to say sends a comment, so that proxies and load balancers do not
    /// close it as idle (many close after 60 s).
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Who owns a job, from the signed-in user: the owner becomes part of the job's keys, so one user cannot reach
    /// another's jobs. The default takes the <see cref="ClaimTypes.NameIdentifier"/> claim of an authenticated user
    /// (hashed, to <c>u-</c> and 40 hex digits, when it holds characters a key may not, is longer than 64 or begins with
    /// <c>u-</c>, so that no user can pick an id equal to another user's hashed owner), and <see langword="null"/> (no
    /// owner) for anonymous users. A rule of your own must be injective too: two users with one owner share their jobs.
    /// Return <see langword="null"/> for jobs without an owner.
    /// </summary>
    public Func<ClaimsPrincipal, string?> OwnerFromUser { get; set; } = JobOwners.FromNameIdentifier;
}
