"""A small OpenAI-compatible chat server on 127.0.0.1 for tests and perf scripts.

It speaks ``POST /v1/chat/completions`` and answers with canned JSON chosen by
the task the prompt asks for (the first of ``"attributions"``, ``"timexes"``,
``"entities"`` quoted in the messages). The canned answers also echo the
number after ``رقم`` in the prompt, so each document gets its own answer.

Knobs (plain attributes, change them between runs):

* ``latency``: seconds to wait before answering;
* ``script``: HTTP statuses to send, in order, before normal answers resume
  (e.g. ``[429, 500]``; 200 means "answer normally"); ``retry_after`` adds that header to 429s;
* ``reject``: response_format types answered with a 400 naming the field
  (``{"json_schema"}`` or ``{"json_schema", "json_object"}``);
* ``api_key``: when set, requests without ``Authorization: Bearer <key>`` get 401;
* ``garbage``: answer with text that holds no JSON;
* ``echo_auth``: answer every request with a 400 whose body repeats the
  ``Authorization`` header and the bare key (a careless server);
  ``leak_auth``: answer normally, but put the bare key into the answer (as an
  entity) and the header into the prose around it;
* ``extra_entities``: items appended to every NER answer (e.g. an entity whose
  type is untrusted markup);
* ``answers``: task key (``"entities"``, ``"timexes"``, ``"attributions"``) → a
  function of the prompt giving the answer (a dict is sent as JSON, a string as
  it is), instead of the canned one: an oracle, a model with messy answers;
* ``fail_tasks``: task keys answered with HTTP 500 (one task broken);
* ``faults``: a :class:`Faults` plan injecting HTTP 500s, 429s with
  ``Retry-After``, malformed bodies and hangs longer than the client's timeout,
  chosen by an RNG seeded with the request (its messages) and the number of
  times that request was seen, so a run's faults do not depend on thread timing.

Facts (read them after a run): ``requests`` (all POSTs), ``max_in_flight``,
``bodies`` (decoded request bodies), ``auth_headers``, ``tasks_asked`` (task key
per request); with ``faults``:
``injected`` (fault name → count) and ``answered`` (request keys that got a
good answer).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TASK_KEYS = ("attributions", "timexes", "entities")
_NUMBER = re.compile(r"رقم (\d+)")


def canned_answer(key: str, prompt: str) -> dict[str, Any]:
    """The answer for one task; the number after ``رقم`` in the prompt is echoed."""
    m = _NUMBER.search(prompt)
    n = m.group(1) if m else "0"
    if key == "entities":
        return {"entities": [{"text": "دمشق", "type": "GPE"},
                             {"text": n, "type": "CARDINAL"},
                             {"text": "وكالة الأنباء السورية", "type": "ORG",
                              "confidence": 0.9}]}     # an extra key the runner must drop
    if key == "timexes":
        return {"timexes": [{"text": "اليوم", "type": "DATE", "value": "2017-11-19"}]}
    return {"attributions": [{"source": ["وكالة الأنباء السورية"], "cue": ["قالت"],
                              "content": [f"الخبر رقم {n}"], "kind": "indirect"}]}


@dataclass(frozen=True)
class Faults:
    """Rates of injected faults (each a probability per request) and their seed."""

    error_500: float = 0.10
    error_429: float = 0.05
    malformed: float = 0.05
    timeout: float = 0.02
    retry_after: str = "0.05"
    hang: float = 2.0                  # seconds a "timeout" request waits before answering
    seed: int = 12345

    def draw(self, key: str, attempt: int) -> str | None:
        """The fault for the ``attempt``-th sighting of request ``key`` (None: answer)."""
        u = random.Random(f"{self.seed}:{key}:{attempt}").random()
        for name, rate in (("500", self.error_500), ("429", self.error_429),
                           ("malformed", self.malformed), ("timeout", self.timeout)):
            if u < rate:
                return name
            u -= rate
        return None


def request_key(body: dict[str, Any]) -> str:
    """What identifies a request across attempts and runs: its model and messages."""
    return hashlib.sha256(json.dumps([body.get("model"), body.get("messages")],
                                     ensure_ascii=False, sort_keys=True).encode()).hexdigest()


class FakeLLM(ThreadingHTTPServer):
    """The server; use :func:`serve` to run it in a thread."""

    daemon_threads = True
    block_on_close = False
    request_queue_size = 256          # a burst of connections must not wait for SYN retries

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.latency = 0.0
        self.script: list[int] = []
        self.retry_after: str | None = None
        self.reject: set[str] = set()
        self.api_key: str | None = None
        self.garbage = False
        self.echo_auth = False
        self.leak_auth = False
        self.faults: Faults | None = None
        self.answers: dict[str, Any] = {}
        self.fail_tasks: set[str] = set()
        self.tasks_asked: list[str | None] = []
        self.extra_entities: list[dict[str, Any]] = []
        self.seen: Counter[str] = Counter()
        self.injected: Counter[str] = Counter()
        self.answered: set[str] = set()
        self.requests = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.bodies: list[dict[str, Any]] = []
        self.auth_headers: list[str | None] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/v1"

    def reset_counts(self) -> None:
        with self.lock:
            self.requests = self.max_in_flight = 0
            self.bodies.clear()
            self.auth_headers.clear()
            self.tasks_asked.clear()
            self.injected.clear()
            self.answered.clear()

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass                          # a client that timed out and hung up is expected


class _Handler(BaseHTTPRequestHandler):
    server: FakeLLM

    def log_message(self, format: str, *args: Any) -> None:   # noqa: A002 - stdlib signature
        pass

    def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = (body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        srv = self.server
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
        with srv.lock:
            srv.requests += 1
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
            srv.bodies.append(body)
            srv.auth_headers.append(self.headers.get("Authorization"))
            scripted = srv.script.pop(0) if srv.script else None
        try:
            if srv.latency:
                srv.stopping.wait(srv.latency)
            self._answer(body, scripted)
        finally:
            with srv.lock:
                srv.in_flight -= 1

    def _answer(self, body: dict[str, Any], scripted: int | None) -> None:
        srv = self.server
        if self.path != "/v1/chat/completions":
            return self._send(404, {"error": {"message": f"no route {self.path}"}})
        auth = self.headers.get("Authorization") or ""
        if srv.echo_auth:
            key = auth.removeprefix("Bearer ")
            return self._send(400, {"error": {
                "message": f"invalid key {key}; you sent Authorization: {auth}",
                "headers": {"authorization": auth}}})
        if srv.faults is not None:
            key = request_key(body)
            with srv.lock:
                attempt = srv.seen[key]
                srv.seen[key] += 1
            fault = srv.faults.draw(key, attempt)
            if fault is not None:
                with srv.lock:
                    srv.injected[fault] += 1
                if fault == "500":
                    return self._send(500, {"error": {"message": "injected 500"}})
                if fault == "429":
                    return self._send(429, {"error": {"message": "injected 429"}},
                                      {"Retry-After": srv.faults.retry_after})
                if fault == "malformed":
                    return self._send(200, '{"id": "chatcmpl-cut", "choices": [{"mess')
                srv.stopping.wait(srv.faults.hang)          # the client gives up first
                return self._send(500, {"error": {"message": "too late"}})
            with srv.lock:
                srv.answered.add(key)
        if srv.api_key is not None and self.headers.get("Authorization") != f"Bearer {srv.api_key}":
            return self._send(401, {"error": {"message": "invalid api key"}})
        if scripted is not None and scripted != 200:
            headers = {"Retry-After": srv.retry_after} if scripted == 429 and srv.retry_after else {}
            return self._send(scripted, {"error": {"message": f"scripted {scripted}"}}, headers)
        fmt = (body.get("response_format") or {}).get("type", "text")
        if fmt in srv.reject:
            return self._send(400, {"error": {
                "message": f"response_format type {fmt!r} is not supported by this server",
                "param": "response_format"}})
        prompt = "\n".join(m["content"] for m in body["messages"])
        key = next((k for k in TASK_KEYS if f'"{k}"' in prompt), None)
        with srv.lock:
            srv.tasks_asked.append(key)
        if key is None:
            return self._send(400, {"error": {"message": "no task in the prompt"}})
        if key in srv.fail_tasks:                     # Retry-After: 0, so retries are quick
            return self._send(500, {"error": {"message": f"{key} is broken"}},
                              {"Retry-After": "0"})
        canned = canned_answer(key, prompt)
        if key in srv.answers:
            given = srv.answers[key](prompt)
            text = given if isinstance(given, str) else json.dumps(given, ensure_ascii=False)
            return self._send(200, {"id": "chatcmpl-test", "object": "chat.completion",
                                    "model": body.get("model"),
                                    "choices": [{"index": 0, "finish_reason": "stop",
                                                 "message": {"role": "assistant",
                                                             "content": text}}]})
        if key == "entities":
            canned["entities"] += srv.extra_entities
        if srv.leak_auth and key == "entities":
            canned["entities"].append({"text": auth.removeprefix("Bearer "), "type": "ORG"})
        answer = json.dumps(canned, ensure_ascii=False)
        if srv.leak_auth:
            answer += f"\n(request header was Authorization: {auth})"
        if srv.garbage:
            answer = "I am sorry, I cannot help with that."
        elif fmt == "text":            # a chatty model: prose around a fenced block
            answer = f"Here is the JSON you asked for:\n```json\n{answer}\n```\nHope this helps."
        self._send(200, {"id": "chatcmpl-test", "object": "chat.completion",
                         "model": body.get("model"),
                         "choices": [{"index": 0, "finish_reason": "stop",
                                      "message": {"role": "assistant", "content": answer}}]})


@contextmanager
def serve() -> Iterator[FakeLLM]:
    """Run a :class:`FakeLLM` in a daemon thread for the duration of the block."""
    server = FakeLLM()
    # shutdown() waits for the loop to see its flag, up to one poll interval: the end of
    # every test with a server (a few dozen in the fast tier)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
