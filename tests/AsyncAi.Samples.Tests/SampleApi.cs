namespace AsyncAi.Samples.Tests;

/// <summary>The page's first two steps, done with HttpClient: create a job, then post the file to its presigned S3 form.</summary>
internal static class SampleApi
{
    public static async Task<JsonElement> CreateAndUploadAsync(HttpClient http, byte[] file, string contentType, SampleStack stack)
    {
        using var create = await http.PostAsJsonAsync("/api/jobs", new { contentType, sizeBytes = file.Length });
        Assert.True(create.IsSuccessStatusCode, $"POST /api/jobs: {(int)create.StatusCode} {await create.Content.ReadAsStringAsync()}\n{stack.Logs}");
        var job = await create.Content.ReadFromJsonAsync<JsonElement>();
        var upload = job.GetProperty("upload");
        // Sent as a browser sends a form: field names quoted and the boundary bare (HttpClient does the opposite
        // by default, which fauxqs's form parser does not read).
        var boundary = "----asyncai" + Guid.NewGuid().ToString("N");
        using var form = new MultipartFormDataContent(boundary);
        form.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        foreach (var field in upload.GetProperty("fields").EnumerateObject())
        {
            form.Add(new StringContent(field.Value.GetString()!), $"\"{field.Name}\"");
        }

        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new(contentType);
        form.Add(content, "\"file\"", "\"upload\"");
        using var posted = await http.PostAsync(upload.GetProperty("url").GetString(), form);
        Assert.True(posted.IsSuccessStatusCode, $"POST to the presigned form: {(int)posted.StatusCode} {await posted.Content.ReadAsStringAsync()}");
        return job;
    }
}
