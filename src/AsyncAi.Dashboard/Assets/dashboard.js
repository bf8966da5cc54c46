// The AsyncAi dashboard page. Everything shown is built with textContent (never innerHTML): queue names, job ids,
// reasons and bodies are untrusted text.
"use strict";
(() => {
  const meta = name => document.querySelector(`meta[name="asyncai-${name}"]`).content;
  const base = meta("base");
  const tokenHeader = meta("token-header");
  const token = meta("token");
  const mayAct = meta("may-act") === "true";
  const hasStore = meta("has-store") === "true";
  const listings = {};
  let lastOperations = [];

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "on") for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  async function api(path, body) {
    const options = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json", [tokenHeader]: token },
      body: JSON.stringify(body),
    };
    const response = await fetch(base + path, options);
    const answer = response.headers.get("content-type")?.includes("json") ? await response.json() : null;
    if (!response.ok) throw new Error(answer?.message || `HTTP ${response.status}`);
    return answer;
  }

  const time = value => value ? new Date(value).toLocaleTimeString() : "";
  const dateTime = value => value ? new Date(value).toLocaleString() : "";
  const seconds = value => value === null || value === undefined ? "" : value < 90 ? `${value.toFixed(1)} s` : `${(value / 60).toFixed(1)} min`;

  function sparkline(visible, inFlight) {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("class", "spark");
    svg.setAttribute("viewBox", "0 0 100 40");
    svg.setAttribute("preserveAspectRatio", "none");
    const max = Math.max(1, ...visible, ...inFlight);
    for (const [values, cls] of [[inFlight, "inflight"], [visible, "visible"]]) {
      if (values.length === 0) continue;
      const step = values.length > 1 ? 100 / (values.length - 1) : 0;
      const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
      line.setAttribute("class", cls);
      line.setAttribute("vector-effect", "non-scaling-stroke");
      line.setAttribute("points", values.map((v, i) => `${(i * step).toFixed(2)},${(38 - (v / max) * 36).toFixed(2)}`).join(" "));
      svg.append(line);
    }
    return svg;
  }

  function renderQueues(state) {
    document.getElementById("queues-note").textContent =
      `Sampled every ${state.sampleIntervalSeconds} s by one sampler on the server; the line shows the last hour (blue: visible, orange: in flight).`;
    const cards = state.queues.map(q => el("div", { class: "card", "data-queue": q.key },
      el("h3", { text: q.title }),
      el("div", { class: "name", text: q.name }),
      el("div", { class: "numbers" },
        el("div", {}, el("strong", { "data-field": "visible", text: q.visible ?? "–" }), el("span", { text: "visible" })),
        el("div", {}, el("strong", { "data-field": "inflight", text: q.inFlight ?? "–" }), el("span", { text: "in flight" })),
        el("div", {}, el("strong", { "data-field": "delayed", text: q.delayed ?? "–" }), el("span", { text: "delayed" }))),
      el("div", { class: "note", "data-field": "age", title: q.oldestAgeNote,
        text: q.oldestAgeSeconds !== undefined && q.oldestAgeSeconds !== null ? `oldest: ${seconds(q.oldestAgeSeconds)} (${q.oldestAgeNote})`
          : q.isDeadLetterQueue ? `oldest: n/a (${q.oldestAgeNote})` : "oldest: n/a (SQS reports it only to CloudWatch)" }),
      sparkline(q.visibleHistory, q.inFlightHistory),
      q.error ? el("div", { class: "error", text: q.error }) : null,
      el("div", { class: "note", text: q.sampledAt ? `sampled ${time(q.sampledAt)}` : "not sampled yet" })));
    document.getElementById("queues").replaceChildren(...cards);
  }

  function renderOperations(state) {
    const items = state.operations.map(o => el("li", { "data-operation": o.id, "data-state": o.state },
      `${o.kind} ${o.queueKey} by ${o.actor}: ${o.state}` + (o.kind === "redrive" ? `, ${o.moved} moved${o.failed ? `, ${o.failed} failed` : ""} (${o.method})` : "")
      + (o.finishedAt ? `, ${((new Date(o.finishedAt) - new Date(o.startedAt)) / 1000).toFixed(1)} s` : "") + (o.error ? ` — ${o.error}` : "")));
    document.getElementById("operations").replaceChildren(...(items.length ? items : [el("li", { class: "note", text: "none yet" })]));
    // A finished redrive or purge changes what the queue holds: show the snapshot the server kept after it.
    for (const o of state.operations) {
      const before = lastOperations.find(p => p.id === o.id);
      if (o.state !== "running" && (!before || before.state === "running")) loadListing(o.queueKey);
    }
    lastOperations = state.operations;
  }

  function dlqSection(queue) {
    let section = document.getElementById(`dlq-${queue.key}`);
    if (section) return section;
    const purgeInput = el("input", { "data-field": "purge-confirm", placeholder: `type ${queue.name} to purge`, size: 24, "aria-label": "purge confirmation" });
    const purgeButton = el("button", { class: "danger", "data-action": "purge", disabled: true, text: "Purge" });
    purgeInput.addEventListener("input", () => { purgeButton.disabled = purgeInput.value !== queue.name; });
    purgeButton.addEventListener("click", () => act(queue.key, "purge", { confirm: purgeInput.value }).then(() => { purgeInput.value = ""; purgeButton.disabled = true; }));
    section = el("div", { class: "dlq", id: `dlq-${queue.key}`, "data-queue": queue.key },
      el("h3", { text: `${queue.title} (${queue.name})` }),
      el("div", { class: "toolbar" },
        el("button", { "data-action": "scan", text: "List", on: { click: () => scan(queue.key) } }),
        mayAct ? el("button", { "data-action": "redrive-selected", text: "Redrive selected", on: { click: () => redriveSelected(queue.key) } }) : null,
        mayAct ? el("button", { "data-action": "redrive-all", text: "Redrive all", on: { click: () => act(queue.key, "redrive", { all: true }) } }) : null,
        mayAct ? purgeInput : null,
        mayAct ? purgeButton : null),
      el("div", { class: "progress", "data-field": "progress" }),
      el("div", { class: "note", "data-field": "listed", text: "not listed yet" }),
      el("div", { class: "scroll" }, el("table", {}, el("thead", {}, el("tr", {},
        ...(mayAct ? [el("th", {})] : []), ...["Reason", "Job", "Type", "Owner", "Receives", "Dead-lettered", "First seen"].map(h => el("th", { text: h })))), el("tbody"))));
    document.getElementById("dead-letters").append(section);
    return section;
  }

  function renderDeadLetterQueues(state) {
    const queues = state.queues.filter(q => q.isDeadLetterQueue);
    if (queues.length === 0) {
      document.getElementById("dead-letters").replaceChildren(el("p", { class: "note", text: "No dead-letter queue is configured or found in a RedrivePolicy." }));
      return;
    }
    for (const queue of queues) {
      const section = dlqSection(queue);
      const running = state.operations.find(o => o.queueKey === queue.key && o.state === "running");
      const latest = state.operations.find(o => o.queueKey === queue.key);
      section.querySelector('[data-field="progress"]').textContent = running
        ? `${running.kind} running: ${running.moved} moved${running.requested ? ` of ${running.requested}` : ""} (${running.method})`
        : latest ? `last ${latest.kind}: ${latest.state}${latest.kind === "redrive" ? `, ${latest.moved} moved` : ""}` : "";
      for (const button of section.querySelectorAll('[data-action^="redrive"]')) button.disabled = !!running;
    }
  }

  function renderListing(listing) {
    listings[listing.queueKey] = listing;
    const section = document.getElementById(`dlq-${listing.queueKey}`);
    if (!section) return;
    section.querySelector('[data-field="listed"]').textContent = listing.takenAt
      ? `${listing.messages.length} message(s) listed at ${time(listing.takenAt)}${listing.complete ? "" : " (stopped at the listing limit)"}${listing.bodiesShown ? "" : "; bodies are shown only to those who may act"}`
      : "not listed yet";
    const rows = listing.messages.map(m => el("tr", { "data-message": m.messageId },
      ...(mayAct ? [el("td", {}, el("input", { type: "checkbox", "data-select": m.messageId, "aria-label": "select" }))] : []),
      el("td", { "data-field": "reason" }, m.reason, m.body !== undefined && m.body !== null ? el("pre", { class: "body", text: m.body }) : null),
      el("td", { class: "mono", text: m.jobId ?? "" }),
      el("td", { text: m.jobType ?? "" }),
      el("td", { text: m.owner ?? "" }),
      el("td", { "data-field": "receives", text: m.receiveCount }),
      el("td", { text: dateTime(m.deadLetteredAt) }),
      el("td", { text: dateTime(m.firstSeen) })));
    section.querySelector("tbody").replaceChildren(...rows);
  }

  async function loadListing(key) {
    try { renderListing(await api(`/api/dead-letters/${encodeURIComponent(key)}`)); } catch (e) { console.warn(e); }
  }

  async function scan(key) {
    const section = document.getElementById(`dlq-${key}`);
    section.querySelector('[data-field="listed"]').textContent = "listing…";
    try { renderListing(await api(`/api/dead-letters/${encodeURIComponent(key)}/scan`, {})); }
    catch (e) { section.querySelector('[data-field="listed"]').textContent = `listing failed: ${e.message}`; }
  }

  async function act(key, action, body) {
    const section = document.getElementById(`dlq-${key}`);
    try { await api(`/api/dead-letters/${encodeURIComponent(key)}/${action}`, body); }
    catch (e) { section.querySelector('[data-field="progress"]').textContent = `${action} refused: ${e.message}`; throw e; }
  }

  function redriveSelected(key) {
    const ids = [...document.querySelectorAll(`#dlq-${key} input[data-select]:checked`)].map(box => box.dataset.select);
    if (ids.length) act(key, "redrive", { messageIds: ids });
  }

  let jobsLoadedAt = 0;
  async function loadJobs() {
    if (!hasStore) return;
    jobsLoadedAt = Date.now();
    const query = new URLSearchParams();
    const status = document.getElementById("filter-status").value;
    const type = document.getElementById("filter-type").value.trim();
    const owner = document.getElementById("filter-owner").value.trim();
    if (status) query.set("status", status);
    if (type) query.set("type", type);
    if (owner) query.set("owner", owner);
    if (document.getElementById("filter-retried").checked) query.set("retried", "true");
    try {
      const page = await api(`/api/jobs?${query}`);
      const rows = page.items.map(j => el("tr", { class: "clickable", "data-job": j.jobId, on: { click: () => showJob(j.jobId, j.owner) } },
        el("td", { class: "mono", text: j.jobId }), el("td", { text: j.jobType }), el("td", { text: j.owner ?? "" }),
        el("td", { "data-field": "status", text: j.status }), el("td", { text: j.attempts }), el("td", { text: dateTime(j.createdAt) }),
        el("td", { text: j.errorCode ? `${j.errorCode}: ${j.errorMessage ?? ""}` : "" })));
      document.querySelector("#jobs tbody").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: 7, class: "note", text: "no jobs match" }))]));
    } catch (e) { console.warn(e); }
  }

  async function showJob(id, owner) {
    const panel = document.getElementById("job-detail");
    const query = owner ? `?owner=${encodeURIComponent(owner)}` : "";
    try {
      const detail = await api(`/api/jobs/${encodeURIComponent(id)}${query}`);
      const j = detail.job;
      const pairs = [["Job", j.jobId], ["Owner", j.owner ?? "(none)"], ["Type", j.jobType], ["Status", j.status], ["Attempts", j.attempts],
        ["Worker", j.workerId ?? ""], ["Created", dateTime(j.createdAt)], ["Started", dateTime(j.startedAt)], ["Finished", dateTime(j.finishedAt)],
        ["Queued for", seconds(j.queueSeconds)], ["Ran for", seconds(j.runSeconds)], ["Error", j.errorCode ? `${j.errorCode}: ${j.errorMessage ?? ""}` : ""],
        ["Last event", detail.lastEvent], ["Outputs", detail.outputs.join(", ")], ["Idempotency key", detail.idempotencyKey ?? ""]];
      if (detail.metadata) pairs.push(["Metadata", Object.entries(detail.metadata).map(([k, v]) => `${k}=${v}`).join(", ")]);
      const cancel = mayAct && (j.status === "Queued" || j.status === "Running")
        ? el("button", { class: "danger", "data-action": "cancel", text: "Cancel job", on: { click: async event => {
            event.target.disabled = true;
            try { await api(`/api/jobs/${encodeURIComponent(j.jobId)}/cancel${query}`, {}); event.target.textContent = "Cancellation requested"; }
            catch (e) { event.target.textContent = `Cancel refused: ${e.message}`; }
          } } })
        : null;
      panel.replaceChildren(el("dl", {}, ...pairs.flatMap(([k, v]) => [el("dt", { text: k }), el("dd", { text: String(v) })])), cancel);
      panel.hidden = false;
    } catch (e) { panel.replaceChildren(el("p", { class: "note", text: e.message })); panel.hidden = false; }
  }

  function connect() {
    const live = document.getElementById("live");
    const stream = new EventSource(`${base}/api/stream`);
    stream.addEventListener("state", event => {
      const state = JSON.parse(event.data);
      live.textContent = "live"; live.className = "badge live";
      renderQueues(state);
      renderDeadLetterQueues(state);
      renderOperations(state);
      if (Date.now() - jobsLoadedAt > 2000) loadJobs();
      document.body.dataset.updated = String((Number(document.body.dataset.updated) || 0) + 1);
    });
    stream.addEventListener("error", () => { live.textContent = "reconnecting…"; live.className = "badge"; });
  }

  document.getElementById("role").textContent = mayAct ? "may act" : "read only";
  document.getElementById("no-store").hidden = hasStore;
  document.getElementById("job-filters").hidden = !hasStore;
  document.getElementById("jobs").closest(".scroll").hidden = !hasStore;
  document.getElementById("job-filters").addEventListener("submit", event => { event.preventDefault(); loadJobs(); });
  connect();
})();
