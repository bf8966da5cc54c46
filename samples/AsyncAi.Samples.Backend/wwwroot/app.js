// The whole browser side of the demo: create a job, PUT the image to S3 with the presigned URL, start the job,
// follow it with server-sent events, and show the result. Plain JavaScript, no build step.
"use strict";

const $ = (id) => document.getElementById(id);
const terminal = new Set(["succeeded", "failed", "cancelled", "expired"]);

$("job-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = $("file").files[0];
  if (!file) {
    return showError("Choose an image first.");
  }

  reset();
  $("submit").disabled = true;
  const clickedAt = performance.now();
  try {
    // 1. The backend hands out a job id and a presigned PUT URL for the job's input.
    const job = await postJson("/api/jobs", { contentType: file.type, sizeBytes: file.size });
    $("fact-job").textContent = job.jobId;

    // 2. The image goes straight to S3: this server never sees its bytes.
    await upload(job.upload, file);

    // 3. Now that the input is there, publish the job and follow it.
    await postJson(job.startUrl, {});
    const view = await follow(job.eventsUrl, job.statusUrl);
    render(view, performance.now() - clickedAt);
  } catch (error) {
    showError(error.message);
  } finally {
    $("submit").disabled = false;
  }
});

async function postJson(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : {};
  if (!response.ok) {
    throw new Error(data.detail || data.title || `${url} answered ${response.status}`);
  }
  return data;
}

// XMLHttpRequest rather than fetch: only it reports upload progress.
function upload(instructions, file) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(instructions.method, instructions.url);
    for (const [name, value] of Object.entries(instructions.headers || {})) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        const percent = Math.round((100 * e.loaded) / e.total);
        $("upload-progress").value = percent;
        $("upload-text").textContent = `${percent}%`;
      }
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        $("upload-progress").value = 100;
        $("upload-text").textContent = "uploaded";
        resolve();
      } else {
        reject(new Error(`The upload to S3 failed with HTTP ${xhr.status}.`));
      }
    };
    xhr.onerror = () => reject(new Error("The upload to S3 failed: the bucket could not be reached (check its CORS rules)."));
    $("upload-text").textContent = "uploading";
    xhr.send(file);
  });
}

// Server-sent events while they flow; if the stream breaks, poll the job until it ends.
function follow(eventsUrl, statusUrl) {
  return new Promise((resolve, reject) => {
    const source = new EventSource(eventsUrl);
    const onEvent = (e) => {
      const view = JSON.parse(e.data);
      showState(view);
      if (view.isFinished) {
        source.close();
        resolve(view);
      }
    };
    for (const name of ["queued", "started", "progress", ...terminal]) {
      source.addEventListener(name, onEvent);
    }
    source.onerror = () => {
      source.close();
      poll(statusUrl).then(resolve, reject);
    };
  });
}

async function poll(statusUrl) {
  for (;;) {
    const response = await fetch(statusUrl);
    if (response.ok) {
      const view = await response.json();
      showState(view);
      if (view.isFinished) {
        return view;
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function showState(view) {
  const percent = view.state === "queued" ? 5 : view.state === "started" ? 10 : Math.round(100 * (view.progress ?? 0));
  $("job-progress").value = terminal.has(view.state) ? 100 : Math.max($("job-progress").value, percent);
  $("job-state").textContent = view.state;
  $("status").textContent = view.message ? `${view.state}: ${view.message}` : view.state;
}

function render(view, totalMs) {
  if (view.state !== "succeeded" || !view.result) {
    const error = view.error ? `${view.error.code}: ${view.error.message}` : view.state;
    return showError(`The job ended as ${view.state} (${error}).`);
  }
  const result = view.result;
  const lines = $("lines");
  for (const line of result.lines) {
    const item = document.createElement("li");
    item.textContent = line.text;
    const confidence = document.createElement("span");
    confidence.className = "confidence";
    confidence.textContent = `${Math.round(line.confidence * 100)}%`;
    item.append(confidence);
    lines.append(item);
  }
  if (result.lines.length === 0) {
    lines.innerHTML = "<li>(no text found)</li>";
  }
  if (result.overlayUrl) {
    $("overlay").src = result.overlayUrl;
  }
  $("result-json").href = result.resultUrl;
  $("fact-location").textContent = result.location;
  $("fact-queue").textContent = seconds(result.queueSeconds);
  $("fact-run").textContent = seconds(result.runSeconds);
  $("fact-total").textContent = seconds(totalMs / 1000);
  $("fact-provider").textContent = [result.executionProvider, result.workerId].filter(Boolean).join(" on ");
  $("job-state").classList.add("done");
  $("status").textContent = `Done: ${result.lines.length} line(s) recognised.`;
  $("result").hidden = false;
}

const seconds = (s) => (s == null ? "–" : `${s.toFixed(2)} s`);

function reset() {
  $("error").hidden = true;
  $("result").hidden = true;
  $("progress-panel").hidden = false;
  $("lines").replaceChildren();
  $("overlay").removeAttribute("src");
  $("upload-progress").value = 0;
  $("job-progress").value = 0;
  $("upload-text").textContent = "waiting";
  $("job-state").textContent = "not started";
  $("job-state").classList.remove("done");
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = false;
}
