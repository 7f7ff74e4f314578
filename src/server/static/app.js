// Progressive enhancement for the Storyline pages (the pages work without it):
// - live updates: listens to /api/events (server-sent events) and refreshes the page's live
//   fragment (the story list, or a story's articles) when a story event arrives;
// - filters: the category menu applies on change;
// - times: shown in the reader's own time zone (the server writes UTC), UTC kept as a tooltip.
(() => {
  const body = document.body;

  const MONTHS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
  ];
  const zone = (d) =>
    new Intl.DateTimeFormat("en", { timeZoneName: "short" })
      .formatToParts(d)
      .find((p) => p.type === "timeZoneName")?.value ?? "";
  // The server's format ("27 Jan 2025, 06:00 UTC"), in local time with the local zone's name.
  function localTimes(root) {
    for (const el of root.querySelectorAll("time[datetime]:not([data-local])")) {
      const d = new Date(el.getAttribute("datetime"));
      if (Number.isNaN(d.getTime())) continue;
      const p = (n) => String(n).padStart(2, "0");
      el.title = el.textContent;
      el.textContent = `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${p(d.getHours())}:${p(d.getMinutes())} ${zone(d)}`;
      el.dataset.local = "";
    }
  }
  localTimes(document);
  const status = document.getElementById("live-status");
  const partial = body.dataset.livePartial;
  const story = body.dataset.liveStory;

  const select = document.getElementById("f-category");
  if (select?.form) select.addEventListener("change", () => select.form.requestSubmit());

  if (!partial || typeof EventSource === "undefined") return;
  const target = () => document.getElementById(story ? "articles" : "stories");
  let timer = null;
  let busy = false;

  async function refresh() {
    if (busy) {
      schedule();
      return;
    }
    busy = true;
    try {
      const res = await fetch(partial, { headers: { accept: "text/html" } });
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), "text/html");
      const fresh = doc.getElementById(story ? "articles" : "stories");
      const current = target();
      if (!fresh || !current) return;
      // Keep focus where it was when it sat inside the replaced part.
      const focusedId = current.contains(document.activeElement)
        ? document.activeElement.closest("[id]")?.id
        : null;
      const more = current.parentElement.querySelector("p.more");
      if (more && !story) more.remove();
      localTimes(fresh);
      current.replaceWith(fresh);
      const freshMore = doc.querySelector("p.more");
      if (freshMore && !story) fresh.after(freshMore);
      if (focusedId) document.getElementById(focusedId)?.focus();
      if (status) status.textContent = `Updated at ${new Date().toLocaleTimeString()}`;
      body.dataset.liveUpdates = String(Number(body.dataset.liveUpdates || 0) + 1);
    } catch {
      // The next event tries again.
    } finally {
      busy = false;
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  }

  const events = new EventSource("/api/events");
  events.addEventListener("open", () => {
    body.dataset.live = "connected";
  });
  events.addEventListener("story", (e) => {
    if (story) {
      const data = JSON.parse(e.data);
      if (data.storyId !== story) return;
    }
    schedule();
  });
})();
