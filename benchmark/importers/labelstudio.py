"""Label Studio JSON export (``Export → JSON``): an array of tasks, each with
``data.text`` and ``annotations[].result[]``. Results of type ``labels`` give
``value.start``/``end``/``text``/``labels`` (one entity per label); other result
types (choices, relations, text areas) are not imported. Per task the first
annotation not marked ``was_cancelled`` is imported (a warning names tasks with
several); a task without one is skipped with a warning; ``predictions`` are
ignored. A ``data.dct`` field gives the DCT, else ``--dct``. Doc ids are
``<file stem>-<n>`` (n: the task's position in the file, from 1); the task ``id``
goes to ``provenance.docno``.
"""

from __future__ import annotations

from pathlib import Path

from benchmark.importers import Imported, LabelMapper, Options, RawEntity, Report
from benchmark.importers.jsonspans import fix_offsets, make_doc, record_dct, records


def read(files: list[Path], options: Options, report: Report) -> list[Imported]:
    mapper = LabelMapper(options.labels)
    docs: list[Imported] = []
    ignored: dict[str, int] = {}
    for path in files:
        for task, line, n in records(path, report):
            label = f"task {n}" + (f" (id {task['id']})" if isinstance(task, dict)
                                    and "id" in task else "")
            if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
                report.bad(path, line, f"{label}: expected a Label Studio task "
                                       f"{{\"data\": {{\"text\": …}}, \"annotations\": […]}} "
                                       f"(the JSON export, not JSON-MIN or CSV)")
                continue
            text = task["data"].get("text")
            if not isinstance(text, str):
                report.bad(path, line, f"{label}: data.text is {type(text).__name__}; "
                                       f"expected the task's text (a string)")
                continue
            annotations = [a for a in task.get("annotations") or []
                           if isinstance(a, dict) and not a.get("was_cancelled")]
            if not annotations:
                report.warn(f"{path}: {label} has no annotation; skipped")
                continue
            if len(annotations) > 1:
                report.warn(f"{path}: {label} has {len(annotations)} annotations; the first "
                            f"(id {annotations[0].get('id')}) is imported")
            result = annotations[0].get("result")
            if not isinstance(result, list):
                report.bad(path, line, f"{label}: annotations[0].result is not a list")
                continue
            raws: list[RawEntity] = []
            for i, item in enumerate(result):
                if not isinstance(item, dict):
                    report.bad(path, line, f"{label}: result[{i}] is not an object")
                    continue
                if item.get("type") != "labels":
                    kind = str(item.get("type"))
                    ignored[kind] = ignored.get(kind, 0) + 1
                    continue
                value = item.get("value")
                if not isinstance(value, dict) or not isinstance(value.get("labels"), list) \
                        or not value["labels"]:
                    report.bad(path, line, f"{label}: result[{i}].value: expected start, "
                                           f"end, text and a non-empty labels list")
                    continue
                stated = value.get("text") if isinstance(value.get("text"), str) else None
                start, end = fix_offsets(text, value.get("start"), value.get("end"), stated)
                for name in value["labels"]:
                    raws.append(RawEntity(start, end, str(name), line, stated,
                                          f"{label}, result[{i}]"))
            dct = record_dct(path, line, label, [task["data"]], report)
            docs.append(make_doc(path, n, line, text, raws, mapper, options, report, dct=dct,
                                 docno=task.get("id")))
    for kind, count in sorted(ignored.items()):
        report.warn(f"{count} result(s) of type {kind!r} are not entity spans; not imported")
    return docs
