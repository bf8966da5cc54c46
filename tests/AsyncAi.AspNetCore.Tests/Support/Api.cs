using System.Net.Http.Headers;

namespace AsyncAi.AspNetCore.Tests.Support;

/// <summary>What a browser does with the job endpoints, done with HttpClient.</summary>
internal static class Api
{
    public static async Task<JsonElement> CreateAsync(HttpClient http, string contentType = "image/png", long size = 5)
    {
        using var response = await http.PostAsJsonAsync("/api/jobs", new { contentType, sizeBytes = size });
        Assert.True(response.IsSuccessStatusCode, $"POST /api/jobs answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Posts the file to the presigned form as a browser does: every field, then the file.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient http, JsonElement job, byte[] content, string contentType = "image/png")
    {
        var upload = job.GetProperty("upload");
        // Field names quoted and the boundary bare, as browsers send them (fauxqs reads only that form).
        var boundary = "----asyncai" + Guid.NewGuid().ToString("N");
        var form = new MultipartFormDataContent(boundary);
        form.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        foreach (var field in upload.GetProperty("fields").EnumerateObject())
        {
            form.Add(new StringContent(field.Value.GetString()!), $"\"{field.Name}\"");
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "\"file\"", "\"upload\"");
        return await http.PostAsync(upload.GetProperty("url").GetString(), form);
    }

    public static async Task<JsonElement> CreateUploadedAsync(HttpClient http, byte[]? content = null)
    {
        var job = await CreateAsync(http, size: (content ?? "image"u8.ToArray()).Length);
        using var uploaded = await UploadAsync(http, job, content ?? "image"u8.ToArray());
        Assert.True(uploaded.IsSuccessStatusCode, $"upload answered {(int)uploaded.StatusCode}: {await uploaded.Content.ReadAsStringAsync()}");
        return job;
    }

    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
