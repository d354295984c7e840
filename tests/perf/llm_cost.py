"""Cost of an LLM run, as users run it: ``khabar score openai:MODEL`` against the loopback
test server (tests/llm_server.py), 128 documents.

* requests: counted by the server, against documents × requested tasks, for
  ``--task ner`` alone and for the three tasks;
* concurrency: the cold three-task run at ``--concurrency 16`` with 0.5 s of
  latency per request, against the ideal ``ceil(requests / 16) × 0.5 s``
  (target: within 1.3×);
* cache: the same command again (same ``--cache-dir``) sends no request; its wall
  time against ``khabar score file:preds.jsonl`` on the same predictions (the
  run's ``--samples`` written back as khabar JSONL; target ≤ 1.5×). The two
  score the same predictions, so their ``tasks`` must be equal.

Every run is a subprocess; wall time from the parent. Writes the
``<!-- perf:llm_cost -->`` section of ``reports/perf.md``.

    .venv/bin/python tests/perf/llm_cost.py
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT / "tests"))

from llm_server import serve  # noqa: E402
from report import write_section  # noqa: E402

from benchmark.core.documents import Attribution, Document, Entity, Span, Timex  # noqa: E402
from benchmark.gold.loader import gold_record  # noqa: E402

KHABAR = str(Path(sys.executable).parent / "khabar")
DOCS, LATENCY, CONCURRENCY = 128, 0.5, 16
TASKS = ("ner", "timex", "attribution")


def span(text: str, needle: str, start: int = 0) -> Span:
    i = text.index(needle, start)
    return Span(i, i + len(needle), needle)


def write_gold(root: Path) -> Path:
    """128 distinct documents that hold every string the test server answers."""
    gold, texts = root / "gold", root / "texts"
    gold.mkdir(parents=True)
    texts.mkdir()
    for i in range(DOCS):
        doc_id = f"llm{i:04d}"
        text = (f"قالت وكالة الأنباء السورية في دمشق اليوم إن الخبر رقم {i} صحيح. "
                f"وأضافت أن الخبر رقم {i} نشر في الصباح.")
        org, gpe, num = span(text, "وكالة الأنباء السورية"), span(text, "دمشق"), span(text, str(i))
        day, cue = span(text, "اليوم"), span(text, "قالت")
        content = span(text, f"الخبر رقم {i} صحيح")
        ents = (Entity("e1", org.start, org.end, org.text, "ORG", "ORG"),
                Entity("e2", gpe.start, gpe.end, gpe.text, "GPE", "LOC"),
                Entity("e3", num.start, num.end, num.text, "CARDINAL", None))
        doc = Document(doc_id, text, "2017-11-19", entities=ents,
                       timexes=(Timex("t1", day.start, day.end, day.text, "DATE", "2017-11-19",
                                      "DCT"),),
                       attributions=(Attribution("a1", (org,), (cue,), (content,), "indirect",
                                                 ("e1",)),),
                       meta={"gold_version": "1.0.0"})
        (texts / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        (gold / f"{doc_id}.json").write_text(json.dumps(gold_record(
            doc, f"../texts/{doc_id}.txt"), ensure_ascii=False, indent=1), encoding="utf-8")
    return gold


def as_khabar_jsonl(samples: Path, out: Path) -> None:
    """The predictions of a ``--samples`` file as khabar JSONL (offsets only)."""
    lines = []
    for line in samples.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        rec: dict = {"doc_id": r["doc_id"]}
        if "entities" in r:
            rec["entities"] = [{k: e[k] for k in ("start", "end", "type")} for e in r["entities"]]
        if "timexes" in r:
            rec["timexes"] = [{k: t[k] for k in ("start", "end", "type", "value")}
                              for t in r["timexes"]]
        if "attributions" in r:
            rec["attributions"] = [
                {**{role: [{"start": s["start"], "end": s["end"]} for s in a[role]]
                    for role in ("source", "cue", "content")}, "kind": a["kind"]}
                for a in r["attributions"]]
        lines.append(json.dumps(rec, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")


def khabar(*args: str) -> float:
    env = {**os.environ, "KHABAR_PERF_KEY": "perf"}
    t0 = time.perf_counter()
    proc = subprocess.run([KHABAR, *args], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"khabar {' '.join(args)} failed ({proc.returncode}):\n"
                         f"{proc.stderr[-3000:]}")
    return wall


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "khabar-reports" / "perf.md")
    ap.add_argument("--repeat", type=int, default=3, help="Runs of the cached and file: "
                                                        "commands (best of).")
    args = ap.parse_args(argv)
    rows: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="khabar-llm-") as tmp, serve() as server:
        work = Path(tmp)
        gold = write_gold(work)
        server.latency = LATENCY
        common = ["--gold", str(gold), "--base-url", server.base_url, "--api-key-env",
                  "KHABAR_PERF_KEY", "--concurrency", str(CONCURRENCY)]
        # one task
        server.reset_counts()
        wall = khabar("score", "openai:perf-model", *common, "--task", "ner", "--cache-dir",
                      str(work / "cache-ner"), "--json", str(work / "ner.json"))
        rows["cold, --task ner"] = {"wall": wall, "requests": server.requests,
                                    "expected": DOCS, "in_flight": server.max_in_flight}
        # three tasks, cold
        cache = str(work / "cache")
        full = [*common, "--cache-dir", cache, "--samples", str(work / "samples.jsonl"),
                "--force"]
        server.reset_counts()
        wall = khabar("score", "openai:perf-model", *full, "--json", str(work / "cold.json"))
        rows["cold, 3 tasks"] = {"wall": wall, "requests": server.requests,
                                 "expected": DOCS * len(TASKS), "in_flight": server.max_in_flight}
        as_khabar_jsonl(work / "samples.jsonl", work / "preds.jsonl")
        cached, from_file = [], []
        server.reset_counts()
        for _ in range(args.repeat):
            cached.append(khabar("score", "openai:perf-model", *full, "--json",
                                 str(work / "cached.json")))
            from_file.append(khabar("score", f"file:{work / 'preds.jsonl'}", "--gold", str(gold),
                                    "--json", str(work / "file.json"), "--force"))
        rows["cached re-run, 3 tasks"] = {"wall": min(cached), "requests": server.requests,
                                          "expected": 0, "in_flight": server.max_in_flight}
        rows["file: on the same predictions"] = {"wall": min(from_file), "requests": 0,
                                                 "expected": 0, "in_flight": 0}
        tasks_of = {name: json.loads((work / f"{name}.json").read_text())["tasks"]
                    for name in ("cold", "cached", "file")}
    same_scores = tasks_of["cold"] == tasks_of["cached"] == tasks_of["file"]
    ideal = math.ceil(rows["cold, 3 tasks"]["requests"] / CONCURRENCY) * LATENCY
    ratio = rows["cold, 3 tasks"]["wall"] / ideal
    cache_ratio = rows["cached re-run, 3 tasks"]["wall"] / rows["file: on the same predictions"]["wall"]
    per_task = rows["cold, --task ner"]["requests"] == DOCS and \
        rows["cold, 3 tasks"]["requests"] == DOCS * len(TASKS)
    ok = lambda c: "✅" if c else "❌"  # noqa: E731
    lines = [
        "## Cost of an LLM run (`openai:` against the loopback server)",
        "",
        f"`.venv/bin/python tests/perf/llm_cost.py --repeat {args.repeat}` · "
        f"{time.strftime('%Y-%m-%d', time.gmtime())} · Python {platform.python_version()} on "
        f"{platform.machine()}, {os.cpu_count()} cores · `tests/llm_server.py` on 127.0.0.1, "
        f"{LATENCY * 1000:.0f} ms per request, {DOCS} documents, `--concurrency "
        f"{CONCURRENCY}`; every run is `khabar score` as a subprocess (wall time from the "
        "parent: start-up, gold, scoring and the bootstrap included).",
        "",
        "| run | wall time | requests (server) | expected | most in flight |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in rows.items():
        lines.append(f"| {name} | {r['wall']:.2f} s | {r['requests']} | {r['expected']} | "
                     f"{r['in_flight']} |")
    lines += [
        "",
        f"* requests = documents × requested tasks: {ok(per_task)} "
        f"({rows['cold, --task ner']['requests']} for `--task ner`, "
        f"{rows['cold, 3 tasks']['requests']} for the three tasks).",
        f"* concurrency: the cold three-task run took {ratio:.2f}× the ideal "
        f"{ideal:.1f} s (ceil({rows['cold, 3 tasks']['requests']}/{CONCURRENCY}) × "
        f"{LATENCY} s); target ≤ 1.3×: {ok(ratio <= 1.3)}.",
        f"* cache: the re-run sent {rows['cached re-run, 3 tasks']['requests']} requests and "
        f"took {cache_ratio:.2f}× the `file:` run on the same predictions (best of "
        f"{args.repeat} each); target ≤ 1.5× and no request: "
        f"{ok(cache_ratio <= 1.5 and rows['cached re-run, 3 tasks']['requests'] == 0)}.",
        f"* the cold, cached and `file:` runs give the same `tasks` scores: {ok(same_scores)}.",
    ]
    write_section(args.out, "llm_cost", "\n".join(lines))
    print("\n".join(lines))
    return 0 if per_task and ratio <= 1.3 and cache_ratio <= 1.5 and same_scores else 1


if __name__ == "__main__":
    raise SystemExit(main())
