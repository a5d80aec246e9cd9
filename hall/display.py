"""The hall TV's page (``/display``) and its live stream (``/display/events``).

The page is public and carries numbers, window names and counts only. It
follows the server-sent events: ``call`` (a call or a recall, wire.queue.
CallEvent) the moment one is stored, ``status`` (wire.queue.QueueStatus) after
any event (a call, a ticket taken: the counts) at most twice a second (each
costs the store a look at every window) and every few seconds, and a comment
every 15 s to keep proxies open. The stream reads the events table by
sequence number, so a call made through any worker process of the server
reaches every display; the events carry that number as their SSE ``id``, so a
display that reconnects (the server restarted) still gets the calls made
while it was away. Runs on the server's event loop; the store is read on its
thread pool.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, StreamingResponse
from starlette.concurrency import run_in_threadpool

from hall.store import HallStore
from wire.queue import QueueStatus

router = APIRouter()

POLL_S = 0.1  # how often the stream looks for new events (the display's latency)
STATUS_S = 5.0
STATUS_MIN_S = 0.5  # after any event (a call, a ticket taken): at most this often
KEEPALIVE_S = 15.0
REPLAY_MAX = 50  # a display coming back gets at most this many events' calls again


def _sse(event: str, data: str, seq: int | None = None) -> str:
    head = f"id: {seq}\n" if seq is not None else ""
    return f"{head}event: {event}\ndata: {data}\n\n"


def _resume_from(request: Request, last: int) -> int:
    """Where a display's stream starts: after the event it last had (``Last-Event-ID``,
    which EventSource sends when it reconnects, as after a server restart), at most
    REPLAY_MAX events back; a new display starts now."""
    text = request.headers.get("last-event-id", "").strip()
    if not text.isdigit() or int(text) > last:
        return last
    return max(int(text), last - REPLAY_MAX)


def public_status(status: QueueStatus) -> QueueStatus:
    """The status as a display may carry it: each window's current ticket by its number
    only (no ticket id, appointment code or issuing device on a public stream)."""
    windows = [
        w.model_copy(
            update={
                "current": w.current.model_copy(
                    update={
                        "id": "",
                        "appointment_code": "",
                        "device_code": "",
                        "note": "",
                        "note_params": {},
                    }
                )
            }
        )
        if w.current is not None
        else w
        for w in status.windows
    ]
    return status.model_copy(update={"windows": windows})


async def _stream(request: Request, store: HallStore) -> AsyncIterator[str]:
    last = await run_in_threadpool(store.last_seq)
    seq = _resume_from(request, last)
    status = await run_in_threadpool(store.status)
    yield _sse("status", public_status(status).model_dump_json(), None if seq < last else seq)
    last_status = last_sent = time.monotonic()
    moved = False
    while not await request.is_disconnected():
        if getattr(request.app.state, "closing", False):
            return
        before = seq
        seq, calls = await run_in_threadpool(store.calls_after, seq)
        now = time.monotonic()
        moved = moved or seq != before  # an arrival or a transfer changes the counts
        for i, c in enumerate(calls):
            yield _sse("call", c.model_dump_json(), seq if i == len(calls) - 1 else None)
            last_sent = now
        since = now - last_status
        if since >= STATUS_S or (moved and since >= STATUS_MIN_S):
            status = await run_in_threadpool(store.status)
            yield _sse("status", public_status(status).model_dump_json(), seq)
            moved = False
            last_status = last_sent = now
        elif now - last_sent >= KEEPALIVE_S:
            yield ": keep-alive\n\n"
            last_sent = now
        await asyncio.sleep(POLL_S)


@router.get("/display/events", include_in_schema=False)
async def events(request: Request) -> StreamingResponse:
    store: HallStore = request.app.state.store
    return StreamingResponse(
        _stream(request, store),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


@router.get("/display", include_in_schema=False, response_class=HTMLResponse)
def display(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    page = _PAGE.replace("{{hall_name}}", _escape(settings.hall_name))
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


def _escape(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1].replace("<", "&lt;").replace(">", "&gt;")


_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>叫号显示 · {{hall_name}}</title>
<style>
html, body { margin: 0; height: 100%; background: #0d2a4f; color: #fff;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; }
body { display: grid; grid-template-rows: auto 1fr auto; }
header { display: flex; justify-content: space-between; align-items: center;
  padding: 1.2vh 2vw; background: #1f5fae; font-size: 3.2vh; font-weight: 700; }
#clock { font-variant-numeric: tabular-nums; }
main { display: grid; grid-template-columns: 3fr 2fr; gap: 2vw; padding: 2vh 2vw; }
#now { background: #fff; color: #0d2a4f; border-radius: 2vh; display: flex;
  flex-direction: column; justify-content: center; align-items: center; }
#now .label { font-size: 4vh; color: #4a5d75; }
#now .number { font-size: 22vh; font-weight: 900; line-height: 1.05; color: #c0392b; }
#now .window { font-size: 9vh; font-weight: 800; }
#now.flash { animation: flash 1s ease-in-out 3; }
@keyframes flash { 50% { background: #ffe08a; } }
#recent h2, #waiting h2 { font-size: 3.6vh; margin: 0 0 1vh 0; color: #ffd54f; }
#recent ol { list-style: none; margin: 0; padding: 0; }
#recent li { display: flex; justify-content: space-between; font-size: 5vh; font-weight: 700;
  padding: .6vh 1vw; border-bottom: 1px solid rgba(255,255,255,.2); }
footer { padding: 1.4vh 2vw; background: #092042; }
#waiting ul { display: flex; flex-wrap: wrap; gap: 1.5vw; list-style: none; margin: 0; padding: 0; }
#waiting li { font-size: 3.4vh; background: rgba(255,255,255,.1); padding: .6vh 1.2vw;
  border-radius: 1vh; }
#waiting b { color: #ffd54f; }
#link { font-size: 2vh; color: #9fb3cc; }
#link.off { color: #ff8a80; }
</style></head>
<body>
<header><span>{{hall_name}} · 叫号</span><span id="clock"></span></header>
<main>
  <section id="now" aria-live="assertive">
    <div class="label" id="now_label">请以下号码到窗口办理</div>
    <div class="number" id="now_number">—</div>
    <div class="window" id="now_window"></div>
  </section>
  <section id="recent"><h2>最近叫号</h2><ol id="recent_list"></ol></section>
</main>
<footer id="waiting"><h2>等候人数</h2><ul id="waiting_list"></ul>
  <span id="link">正在连接…</span></footer>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
function text(el, s) { el.textContent = s; }
function showCall(c) {
  text($("now_number"), c.number);
  text($("now_window"), c.window_name);
  const now = $("now");
  now.classList.remove("flash"); void now.offsetWidth; now.classList.add("flash");
  now.dataset.at = c.at;
  now.dataset.recall = String(c.recall || 0);
  text($("now_label"), c.recall ? "再次呼叫" : "请以下号码到窗口办理");
}
function showStatus(s) {
  const recent = $("recent_list");
  recent.replaceChildren();
  for (const c of s.recent_calls.slice(0, 8)) {
    const li = document.createElement("li");
    const a = document.createElement("span"); text(a, c.number);
    const b = document.createElement("span"); text(b, c.window_name);
    li.append(a, b); recent.append(li);
  }
  const list = $("waiting_list");
  list.replaceChildren();
  for (const k of s.categories) {
    const li = document.createElement("li");
    li.dataset.category = k.category;
    li.append(k.category + " " + k.name + " ");
    const b = document.createElement("b"); text(b, String(k.waiting)); li.append(b, " 人");
    list.append(li);
  }
  if (s.recent_calls.length && !$("now").dataset.at) { showCall(s.recent_calls[0]); }
}
function tick() {
  const d = new Date();
  text($("clock"), d.toLocaleTimeString("zh-CN", {hour12: false}));
}
setInterval(tick, 1000); tick();
const es = new EventSource("/display/events");
es.addEventListener("call", (e) => showCall(JSON.parse(e.data)));
es.addEventListener("status", (e) => showStatus(JSON.parse(e.data)));
es.onopen = () => { text($("link"), "已连接"); $("link").className = ""; };
es.onerror = () => { text($("link"), "连接中断，正在重连…"); $("link").className = "off"; };
</script>
</body></html>
"""
