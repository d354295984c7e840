"""``openai:`` runner against a real HTTP server on 127.0.0.1 (tests/llm_server.py)."""

from __future__ import annotations

import inspect
import time
from pathlib import Path

import pytest

from benchmark.core.documents import Document
from llm_server import FakeLLM, canned_answer, serve
from runners.base import Extractor, ExtractorFailed, content_hash
from runners.openai import (OPTIONS, PROMPT_LANGUAGES, TASKS, OpenAIExtractor, extract_json,
                            load_template, template_path)

ROOT = Path(__file__).resolve().parent.parent


def docs(n: int) -> list[Document]:
    return [Document(f"d{i}", f"أعلنت دمشق اليوم الخبر رقم {i} وقالت وكالة الأنباء السورية ذلك.",
                     "2017-11-19") for i in range(n)]


@pytest.fixture
def server():
    with serve() as srv:
        yield srv


@pytest.fixture(autouse=True)
def no_env(monkeypatch):
    for name in ("OPENAI_BASE_URL", "OPENAI_API_KEY", "KHABAR_TEST_KEY"):
        monkeypatch.delenv(name, raising=False)


def make(server: FakeLLM, tmp_path: Path, **kw) -> OpenAIExtractor:
    kw.setdefault("cache_dir", tmp_path / "cache")
    kw.setdefault("backoff", 0.01)
    kw.setdefault("timeout", 5.0)
    return OpenAIExtractor("test-model", base_url=server.base_url, **kw)


# --------------------------------------------------------------------------- shapes

def test_json_schema_path_and_record_shape(server, tmp_path):
    ex = make(server, tmp_path, tasks=("ner", "attribution"))
    assert isinstance(ex, Extractor)
    records = ex.predict(docs(3))
    assert [r["doc_id"] for r in records] == ["d0", "d1", "d2"]
    for i, rec in enumerate(records):
        assert set(rec) == {"doc_id", "entities", "attributions"}        # no timexes asked
        assert rec["entities"] == [{"text": "دمشق", "type": "GPE"},
                                   {"text": str(i), "type": "CARDINAL"},
                                   {"text": "وكالة الأنباء السورية", "type": "ORG"}]
        assert rec["attributions"] == [{"source": [{"text": "وكالة الأنباء السورية"}],
                                        "cue": [{"text": "قالت"}],
                                        "content": [{"text": f"الخبر رقم {i}"}],
                                        "kind": "indirect"}]
    assert ex.stats == {"requests": 6, "cache_hits": 0, "retries": 0, "fallbacks": 0,
                        "response_format": "json_schema"}
    body = server.bodies[0]
    assert body["temperature"] == 0 and body["seed"] == 12345 and body["max_tokens"] > 0
    rf = body["response_format"]
    assert rf["type"] == "json_schema" and rf["json_schema"]["strict"] is True
    schema = rf["json_schema"]["schema"]
    assert schema["additionalProperties"] is False and len(schema["required"]) == 1
    assert set(ex.raw_responses) == {"d0", "d1", "d2"}
    assert set(ex.raw_responses["d1"]) == {"ner", "attribution"}


def test_timex_records_and_dct_in_prompt(server, tmp_path):
    ex = make(server, tmp_path, tasks=("timex",), prompt_language="ar")
    [rec] = ex.predict(docs(1))
    assert rec == {"doc_id": "d0", "timexes": [{"text": "اليوم", "type": "DATE",
                                                "value": "2017-11-19"}]}
    user = server.bodies[0]["messages"][-1]["content"]
    assert "2017-11-19 (الأحد)" in user and docs(1)[0].text in user


def test_returned_strings_are_verbatim_and_alignable(server, tmp_path):
    documents = docs(2)
    records = make(server, tmp_path).predict(documents)
    for doc, rec in zip(documents, records):
        texts = [e["text"] for e in rec["entities"]] + [t["text"] for t in rec["timexes"]]
        texts += [s["text"] for a in rec["attributions"] for role in ("source", "cue", "content")
                  for s in a[role]]
        assert texts and all(isinstance(t, str) and t in doc.text for t in texts)


# --------------------------------------------------------------------------- fallback

@pytest.mark.parametrize("rejected, mode, fallbacks", [
    ({"json_schema"}, "json_object", 1),
    ({"json_schema", "json_object"}, "text", 2),
])
def test_response_format_fallback_is_remembered(server, tmp_path, rejected, mode, fallbacks):
    server.reject = rejected
    ex = make(server, tmp_path, tasks=("ner",), concurrency=1)
    records = ex.predict(docs(4))
    assert [r["entities"][1]["text"] for r in records] == ["0", "1", "2", "3"]
    assert ex.stats["response_format"] == mode and ex.stats["fallbacks"] == fallbacks
    # only the first document paid for the rejected modes
    assert ex.stats["requests"] == 4 + fallbacks
    types = [(b.get("response_format") or {}).get("type", "text") for b in server.bodies]
    assert types[fallbacks:] == [mode] * 4
    if mode == "text":
        assert ex.raw_responses["d0"]["ner"].startswith("Here is the JSON")
    # the next predict() of the same extractor starts in the working mode
    server.reset_counts()
    ex.cache_dir = None
    ex.predict(docs(1))
    assert server.requests == 1 and ex.stats["fallbacks"] == 0


def test_start_mode_is_configurable(server, tmp_path):
    ex = make(server, tmp_path, tasks=("ner",), response_format="text")
    ex.predict(docs(1))
    assert "response_format" not in server.bodies[0]
    assert ex.stats["response_format"] == "text" and ex.stats["fallbacks"] == 0


def test_malformed_answer_fails_with_reason_when_strict(server, tmp_path):
    server.garbage = True
    ex = make(server, tmp_path, tasks=("ner",), strict=True)
    with pytest.raises(ExtractorFailed) as err:
        ex.predict(docs(2))
    assert err.value.extractor == "openai:test-model"
    # two documents in flight: whichever answer arrives first fails the run
    assert "malformed answer" in err.value.reason
    assert "d0" in err.value.reason or "d1" in err.value.reason
    assert "cannot help" in err.value.detail
    assert not list((tmp_path / "cache").rglob("*.json"))    # a bad answer is not cached


def test_malformed_answer_is_marked_unreadable_by_default(server, tmp_path):
    server.garbage = True
    ex = make(server, tmp_path, tasks=("ner",))
    records = ex.predict(docs(2))
    for rec in records:
        assert rec["entities"] == []
        [mark] = rec["_invalid"]
        assert mark["layer"] == "entities" and mark["kind"] == "unreadable"
        assert "malformed answer" in mark["reason"] and "cannot help" in mark["raw"]
    assert "failures" not in ex.stats
    assert not list((tmp_path / "cache").rglob("*.json"))    # a bad answer is not cached


def test_type_aliases_and_case_are_mapped(server, tmp_path):
    from runners.openai import _convert

    answer = ('{"entities": [{"text": "a", "type": "PERSON"}, {"text": "b", "type": "city"},'
              ' {"text": "c", "type": "Organisation"}, {"text": "d", "type": "MISC"},'
              ' {"text": "e", "type": "WIDGET"}]}')
    assert [e["type"] for e in _convert("ner", answer)] == ["PERS", "GPE", "ORG", "MISC",
                                                           "WIDGET"]
    [t] = _convert("timex", '{"timexes": [{"text": "x", "type": "date", "value": "2017"}]}')
    assert t["type"] == "DATE"
    [a] = _convert("attribution", '{"attributions": [{"source": [], "cue": ["c"], '
                                  '"content": ["x"], "kind": "Direct"}]}')
    assert a["kind"] == "direct"


@pytest.mark.parametrize("answer, expected", [
    ('{"entities": []}', {"entities": []}),
    ('Sure!\n```json\n{"entities": [{"text": "a"}]}\n```', {"entities": [{"text": "a"}]}),
    ('The answer is {"entities": [{"text": "}"}]} as asked. {"x": 1}',
     {"entities": [{"text": "}"}]}),
    ('[1, 2] then {"a": {"b": 2}}', {"a": {"b": 2}}),
])
def test_extract_json(answer, expected):
    assert extract_json(answer) == expected


def test_extract_json_none():
    with pytest.raises(ValueError):
        extract_json("no json here [1, 2]")


# --------------------------------------------------------------------------- retries

def test_retries_on_429_and_500_then_success(server, tmp_path):
    server.script = [429, 500, 503]
    ex = make(server, tmp_path, tasks=("ner",), concurrency=1, retries=3)
    [rec] = ex.predict(docs(1))
    assert rec["entities"][0]["text"] == "دمشق"
    assert ex.stats["retries"] == 3 and ex.stats["requests"] == 4 and server.requests == 4


def test_retry_after_is_honoured(server, tmp_path):
    server.script = [429]
    server.retry_after = "0.3"
    ex = make(server, tmp_path, tasks=("ner",), retries=1, backoff=0.0)
    t0 = time.monotonic()
    ex.predict(docs(1))
    assert time.monotonic() - t0 >= 0.3 and ex.stats["retries"] == 1


def test_retries_exhausted_fail(server, tmp_path):
    server.script = [500] * 10
    ex = make(server, tmp_path, tasks=("ner",), concurrency=1, retries=2)
    with pytest.raises(ExtractorFailed) as err:
        ex.predict(docs(1))
    assert "HTTP 500 (after 3 attempts)" in err.value.reason
    assert server.requests == 3


def test_timeout_fails_after_retries(server, tmp_path):
    server.latency = 1.0
    ex = make(server, tmp_path, tasks=("ner",), timeout=0.15, retries=1)
    with pytest.raises(ExtractorFailed) as err:
        ex.predict(docs(1))
    assert "timed out after 0.15 s (after 2 attempts)" in err.value.reason
    assert server.requests == 2


def test_client_error_fails_without_retry(server, tmp_path):
    ex = OpenAIExtractor("m", base_url=server.base_url + "/wrong", tasks=("ner",),
                         cache_dir=None, backoff=0.01)
    with pytest.raises(ExtractorFailed) as err:
        ex.predict(docs(1))
    assert "HTTP 404" in err.value.reason and server.requests == 1


def test_a_fatal_failure_stops_the_remaining_documents(server, tmp_path):
    server.script = [400]                     # a client error would repeat for every request
    server.latency = 0.02
    ex = make(server, tmp_path, tasks=("ner",), retries=0, concurrency=2)
    with pytest.raises(ExtractorFailed, match="HTTP 400"):
        ex.predict(docs(40))
    assert server.requests < 10               # pending documents were not sent


def test_a_document_failure_is_counted_and_the_others_go_on(server, tmp_path):
    server.script = [500]                     # retries exhausted for one document only
    ex = make(server, tmp_path, tasks=("ner",), retries=0, concurrency=2)
    with pytest.raises(ExtractorFailed, match=r"1 of 10 request\(s\) failed") as err:
        ex.predict(docs(10))
    assert "HTTP 500" in err.value.reason and ex.stats["failures"] == 1
    assert server.requests == 10              # every document was asked once
    again = make(server, tmp_path, tasks=("ner",), retries=0)
    server.reset_counts()
    assert len(again.predict(docs(10))) == 10
    assert server.requests == 1 and again.stats["cache_hits"] == 9   # only the failed one


def test_connection_refused_is_retried_then_fails(tmp_path):
    with serve() as srv:
        url = srv.base_url                    # a port nobody listens on any more
    ex = OpenAIExtractor("m", base_url=url, tasks=("ner",), cache_dir=None, retries=1,
                         backoff=0.01)
    with pytest.raises(ExtractorFailed, match="connection error"):
        ex.predict(docs(1))
    assert ex.stats["retries"] == 1


# --------------------------------------------------------------------------- concurrency

def test_concurrency_n_requests_in_flight(server, tmp_path):
    server.latency = 0.2
    done: list[tuple[int, int]] = []
    ex = make(server, tmp_path, tasks=("ner",), concurrency=4,
              progress=lambda d, t: done.append((d, t)))
    records = ex.predict(docs(8))
    assert server.max_in_flight == 4          # speed itself is measured in tests/perf
    assert [r["doc_id"] for r in records] == [f"d{i}" for i in range(8)]
    assert done[0] == (0, 8) and done[-1] == (8, 8) and len(done) == 9


def test_concurrency_one_is_sequential(server, tmp_path):
    server.latency = 0.02
    make(server, tmp_path, concurrency=1).predict(docs(3))
    assert server.max_in_flight == 1 and server.requests == 9


# --------------------------------------------------------------------------- cache

def test_cache_second_run_makes_no_request(server, tmp_path):
    first = make(server, tmp_path)
    records = first.predict(docs(5))
    assert first.stats["requests"] == 15 and first.stats["cache_hits"] == 0
    server.reset_counts()
    progress: list[tuple[int, int]] = []
    second = make(server, tmp_path, progress=lambda d, t: progress.append((d, t)))
    assert second.predict(docs(5)) == records
    assert server.requests == 0
    assert second.stats == {"requests": 0, "cache_hits": 15, "retries": 0, "fallbacks": 0,
                            "response_format": "json_schema"}
    assert second.raw_responses == first.raw_responses
    assert progress[-1] == (5, 5)


def test_interrupted_run_resumes(server, tmp_path):
    server.script = [200, 200, 200] + [500] * 10     # d0..d2 answered, then the server breaks
    with pytest.raises(ExtractorFailed):
        make(server, tmp_path, tasks=("ner",), retries=0, concurrency=1).predict(docs(6))
    server.script = []
    server.reset_counts()
    resumed = make(server, tmp_path, tasks=("ner",))
    records = resumed.predict(docs(6))
    assert resumed.stats["cache_hits"] == 3 and server.requests == 3
    assert [r["entities"][1]["text"] for r in records] == [str(i) for i in range(6)]


@pytest.mark.parametrize("change", [
    {"temperature": 0.7}, {"seed": 1}, {"max_tokens": 100}, {"prompt_language": "ar"},
])
def test_cache_key_covers_parameters(server, tmp_path, change):
    make(server, tmp_path, tasks=("ner",)).predict(docs(1))
    server.reset_counts()
    other = make(server, tmp_path, tasks=("ner",), **change)
    other.predict(docs(1))
    assert server.requests == 1 and other.stats["cache_hits"] == 0


def test_cache_key_covers_model_and_base_url(server, tmp_path):
    make(server, tmp_path, tasks=("ner",)).predict(docs(1))
    server.reset_counts()
    OpenAIExtractor("other-model", base_url=server.base_url, tasks=("ner",),
                    cache_dir=tmp_path / "cache").predict(docs(1))
    OpenAIExtractor("test-model", base_url=server.base_url.replace("127.0.0.1", "localhost"),
                    tasks=("ner",), cache_dir=tmp_path / "cache").predict(docs(1))
    assert server.requests == 2


def test_cache_survives_fallback(server, tmp_path):
    server.reject = {"json_schema"}
    make(server, tmp_path, tasks=("ner",)).predict(docs(2))
    server.reset_counts()
    server.reject = set()
    again = make(server, tmp_path, tasks=("ner",))
    again.predict(docs(2))
    assert server.requests == 0 and again.stats["cache_hits"] == 2


def test_no_cache_dir_disables_cache(server, tmp_path):
    make(server, tmp_path, cache_dir=None, tasks=("ner",)).predict(docs(1))
    make(server, tmp_path, cache_dir=None, tasks=("ner",)).predict(docs(1))
    assert server.requests == 2


# --------------------------------------------------------------------------- endpoint & key

def test_key_comes_from_the_named_env_var(server, tmp_path, monkeypatch):
    server.api_key = "sekrit"
    with pytest.raises(ExtractorFailed, match="HTTP 401"):
        make(server, tmp_path, cache_dir=None, tasks=("ner",)).predict(docs(1))
    monkeypatch.setenv("KHABAR_TEST_KEY", "sekrit")
    ex = make(server, tmp_path, tasks=("ner",), api_key_env="KHABAR_TEST_KEY")
    ex.predict(docs(1))
    assert server.auth_headers[-1] == "Bearer sekrit"
    info = ex.describe()
    assert info.parameters["api_key_env"] == "KHABAR_TEST_KEY"
    assert "sekrit" not in repr(info.to_json())


def test_no_key_sends_no_authorization(server, tmp_path):
    make(server, tmp_path, tasks=("ner",)).predict(docs(1))
    assert server.auth_headers == [None]


def test_key_is_never_an_argument(server):
    params = inspect.signature(OpenAIExtractor).parameters
    assert not [p for p in params if "key" in p and p != "api_key_env"]
    with pytest.raises(ValueError, match="NAME of an environment variable") as err:
        OpenAIExtractor("m", base_url=server.base_url, api_key_env="sk-abc123")
    assert "sk-abc123" not in str(err.value)


def test_options_are_the_keyword_arguments():
    assert OPTIONS == set(inspect.signature(OpenAIExtractor).parameters) - {"model"}


def test_base_url_from_env(server, tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="OPENAI_BASE_URL"):
        OpenAIExtractor("m")
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url + "/")
    ex = OpenAIExtractor("m", tasks=("ner",), cache_dir=None)
    assert ex.describe().parameters["base_url"] == server.base_url
    ex.predict(docs(1))
    assert server.requests == 1


@pytest.mark.parametrize("kw", [{"tasks": ("ner", "pos")}, {"tasks": ()},
                                {"prompt_language": "fr"}, {"concurrency": 0},
                                {"response_format": "grammar"}, {"prompt_version": "v0"}])
def test_bad_config_is_a_usage_error(kw):
    with pytest.raises(ValueError):
        OpenAIExtractor("m", base_url="http://127.0.0.1:9/v1", **kw)


# --------------------------------------------------------------------------- prompts

@pytest.mark.parametrize("task", list(TASKS))
@pytest.mark.parametrize("lang", PROMPT_LANGUAGES)
def test_prompt_templates_exist(task, lang):
    text = load_template(task, lang)
    assert (ROOT / "runners" / template_path(task, lang)).is_file()
    assert "<<<USER>>>" in text and "${text}" in text and "${dct}" in text
    assert f'"{TASKS[task]}"' in text
    others = [k for k in TASKS.values() if k != TASKS[task]]
    assert not [k for k in others if f'"{k}"' in text]     # one task per prompt


def test_describe_records_parameters_and_prompt_hash(server):
    ex = OpenAIExtractor("qwen2.5-7b", base_url=server.base_url, tasks=("ner", "timex"),
                         prompt_language="ar", concurrency=3, cache_dir=None)
    info = ex.describe()
    assert info.kind == "openai" and info.name == "qwen2.5-7b"
    for key in ("base_url", "temperature", "seed", "max_tokens", "concurrency", "retries",
                "timeout", "prompt_language", "prompt_version", "response_format", "tasks"):
        assert key in info.parameters
    assert info.parameters["concurrency"] == 3 and info.parameters["tasks"] == ["ner", "timex"]
    expected = content_hash(template_path("ner", "ar"), load_template("ner", "ar"),
                            template_path("timex", "ar"), load_template("timex", "ar"))
    assert info.prompt_hash == expected
    assert info.to_json()["prompt_hash"] == expected
    en = OpenAIExtractor("qwen2.5-7b", base_url=server.base_url, tasks=("ner", "timex"))
    assert en.describe().prompt_hash != expected


def test_canned_answers_cover_every_task():
    assert {next(iter(canned_answer(k, ""))) for k in TASKS.values()} == set(TASKS.values())
