// The whole browser side of the demo: create a job, POST the image to S3 with the presigned form, start the job,
// follow it with server-sent events, and show the result. Plain JavaScript, no build step. Everything it calls is
// MapAsyncAiJobs (AsyncAi.AspNetCore); the OCR result is read from the job's result.json output.
"use strict";

const $ = (id) => document.getElementById(id);
const terminal = new Set(["succeeded", "failed", "cancelled", "expired"]);
let maxBytes = Number(document.body.dataset.maxBytes);
let current = null; // { cancelUrl, source }

// This browser's access key: the demo has no sign-in, so the first job's key is kept and sent with every later
// create, which puts all of this browser's jobs under one anonymous owner that "Your recent jobs" can list.
const keyName = "asyncai-access-key";
const accessKey = () => localStorage.getItem(keyName);
const withKey = () => (accessKey() ? { "X-AsyncAi-Access-Key": accessKey() } : {});

// The limit the server enforces, shown before a file is picked.
fetch("/api/jobs/limits")
  .then((r) => (r.ok ? r.json() : null))
  .then((limits) => {
    if (limits) {
      maxBytes = limits.maxInputBytes;
    }
    $("max-size").textContent = size(maxBytes);
  });
$("max-size").textContent = size(maxBytes);
refreshRecent();

$("job-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = $("file").files[0];
  reset();
  if (!file) {
    return showError("Choose an image first.");
  }
  // Checked here for a quick answer; the server checks again and S3 enforces it through the POST policy.
  if (file.size > maxBytes) {
    return showError(`This image is ${size(file.size)}; the largest allowed is ${size(maxBytes)}.`);
  }

  $("submit").disabled = true;
  const clickedAt = performance.now();
  try {
    // 1. The backend hands out a job id and a presigned POST for the job's input.
    const job = await postJson("/api/jobs", { contentType: file.type, sizeBytes: file.size }, withKey());
    if (job.accessKey) {
      localStorage.setItem(keyName, job.accessKey);
    }
    $("fact-job").textContent = job.jobId;
    current = { cancelUrl: job.cancelUrl, source: null };
    $("cancel").hidden = false;

    // 2. The image goes straight to S3: this server never sees its bytes.
    await upload(job.upload, file);

    // 3. Now that the input is there, publish the job and follow it.
    await postJson(job.startUrl, {});
    const view = await follow(job.eventsUrl, job.statusUrl);
    await render(view, performance.now() - clickedAt);
  } catch (error) {
    showError(error.message);
  } finally {
    $("submit").disabled = false;
    $("cancel").hidden = true;
    refreshRecent();
  }
});

$("cancel").addEventListener("click", async () => {
  if (!current) {
    return;
  }
  $("cancel").disabled = true;
  $("status").textContent = "Cancelling…";
  try {
    await postJson(current.cancelUrl, {});
  } catch (error) {
    showError(error.message);
  } finally {
    $("cancel").disabled = false;
  }
});

$("copy-text").addEventListener("click", async () => {
  const text = [...$("lines").querySelectorAll("li")].map((li) => li.dataset.text ?? li.textContent).join("\n");
  await navigator.clipboard.writeText(text);
  $("status").textContent = "Text copied.";
});

async function postJson(url, body, headers = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let data = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    // Not JSON (a proxy's error page): the status line below says enough.
  }
  if (!response.ok) {
    throw new Error(data.detail || data.title || `The server answered ${response.status}.`);
  }
  return data;
}

// XMLHttpRequest rather than fetch: only it reports upload progress.
function upload(form, file) {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    for (const [name, value] of Object.entries(form.fields)) {
      body.append(name, value);
    }
    body.append("file", file); // S3 wants the file last
    const xhr = new XMLHttpRequest();
    xhr.open(form.method, form.url);
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
      } else if (/EntityTooLarge/.test(xhr.responseText)) {
        reject(new Error(`The bucket refused this image (${size(file.size)}): the largest allowed is ${size(form.maxBytes)}.`));
      } else {
        reject(new Error(`The upload of ${size(file.size)} to the bucket failed (HTTP ${xhr.status}).`));
      }
    };
    xhr.onerror = () => reject(new Error("The upload failed: the bucket could not be reached (check its CORS rules)."));
    $("upload-text").textContent = "uploading";
    xhr.send(body);
  });
}

// Server-sent events while they flow; if the stream breaks for good, poll the job until it ends.
function follow(eventsUrl, statusUrl) {
  return new Promise((resolve, reject) => {
    const source = new EventSource(eventsUrl);
    current.source = source;
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
    // EventSource reconnects by itself (sending Last-Event-ID); only a closed source needs the fallback.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        poll(statusUrl).then(resolve, reject);
      }
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
  if (!terminal.has(view.state)) {
    $("job-progress").value = Math.max($("job-progress").value, percent);
    $("status").textContent = view.message ? `${view.state}: ${view.message}` : view.state;
  }
  $("job-state").textContent = view.state;
}

async function render(view, totalMs) {
  if (view.state !== "succeeded") {
    // One message, in one place; the bar turns red and keeps where the job got to.
    $("job-progress").classList.add("failed");
    $("job-state").classList.add("failed");
    $("status").textContent = "";
    const reason = view.error?.message ?? "";
    const what = view.state === "cancelled" ? "The job was cancelled." : `The job ${view.state === "expired" ? "expired" : "failed"}.`;
    return showError(reason && view.state !== "cancelled" ? `${what} ${reason}` : what);
  }
  $("job-progress").value = 100;
  const output = (name) => view.outputs.find((o) => o.name === name);
  const resultJson = output("result.json");
  if (!resultJson) {
    return showError("The job succeeded but wrote no result.json.");
  }
  const result = await (await fetch(resultJson.url)).json();
  const lines = $("lines");
  for (const line of result.lines ?? []) {
    const item = document.createElement("li");
    item.dataset.text = line.text;
    item.textContent = line.text;
    const confidence = document.createElement("span");
    confidence.className = "confidence";
    confidence.textContent = `${Math.round(line.confidence * 100)}%`;
    item.append(confidence);
    lines.append(item);
  }
  if (lines.children.length === 0) {
    lines.innerHTML = "<li>(no text found)</li>";
  }
  renderBlocks($("blocks"), result);
  $("regions").open = $("blocks").hidden;
  const overlay = output("overlay.png");
  if (overlay) {
    $("overlay").src = overlay.url;
    $("overlay-download").href = overlay.url;
  }
  $("overlay-download").hidden = !overlay;
  $("result-json").href = resultJson.url;
  $("fact-location").textContent = resultJson.location.slice(0, resultJson.location.lastIndexOf("/") + 1);
  $("fact-queue").textContent = seconds(view.queueSeconds);
  $("fact-run").textContent = seconds(view.runSeconds);
  $("fact-total").textContent = seconds(totalMs / 1000);
  $("fact-provider").textContent = [result.executionProvider, view.workerId].filter(Boolean).join(" on ");
  $("job-state").classList.add("done");
  $("status").textContent = `Done: ${lines.querySelectorAll("li[data-text]").length} line(s) recognised.`;
  $("result").hidden = false;
}

// "Your recent jobs": GET /api/jobs lists the caller's own jobs from the job store, newest first.
async function refreshRecent() {
  if (!accessKey()) {
    return;
  }
  const response = await fetch("/api/jobs?limit=10", { headers: withKey() });
  if (response.status === 401) {
    localStorage.removeItem(keyName); // a key this server does not accept: start again with the next job
    return;
  }
  if (!response.ok) {
    return;
  }
  const list = await response.json();
  const items = list.items.map((job) => {
    const item = document.createElement("li");
    item.dataset.jobId = job.jobId;
    const id = document.createElement("code");
    id.textContent = job.jobId;
    const state = document.createElement("span");
    state.className = `state ${job.state}`;
    state.textContent = job.state;
    const when = document.createElement("time");
    when.dateTime = job.createdAt;
    when.textContent = new Date(job.createdAt).toLocaleTimeString();
    const took = document.createElement("span");
    took.className = "muted";
    took.textContent = job.runSeconds == null ? "" : `ran ${seconds(job.runSeconds)}`;
    item.append(when, " ", id, " ", state, " ", took);
    return item;
  });
  $("recent-list").replaceChildren(...items);
  $("recent").hidden = items.length === 0;
}

const seconds = (s) => (s == null ? "–" : `${s.toFixed(2)} s`);

function size(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function reset() {
  $("error").hidden = true;
  $("error").textContent = "";
  $("result").hidden = true;
  $("progress-panel").hidden = false;
  $("lines").replaceChildren();
  $("blocks").replaceChildren();
  $("overlay").removeAttribute("src");
  $("upload-progress").value = 0;
  $("job-progress").value = 0;
  $("job-progress").classList.remove("failed");
  $("upload-text").textContent = "waiting";
  $("job-state").textContent = "not started";
  $("job-state").classList.remove("done", "failed");
  $("status").textContent = "";
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = false;
}
