using System.Text.RegularExpressions;

namespace AsyncAi.Dashboard.Tests.Support;

/// <summary>What a caller gets by loading the page over plain HTTP: its antiforgery token (the cookie stays in the client).</summary>
internal static partial class DashboardPage
{
    public static async Task<(string Header, string Token, string Html)> LoadAsync(HttpClient http)
    {
        var html = await http.GetStringAsync("/ops/");
        return (Meta(html, "token-header"), Meta(html, "token"), html);
    }

    public static string Meta(string html, string name) =>
        WebUtility.HtmlDecode(new Regex($"<meta name=\"asyncai-{name}\" content=\"([^\"]*)\">").Match(html).Groups[1].Value);

    public static HttpRequestMessage Post(string path, string? json, string? tokenHeader = null, string? token = null, string? origin = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        if (tokenHeader is not null && token is not null)
        {
            request.Headers.Add(tokenHeader, token);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return request;
    }
}
