"""Checks opx exports with tools that share no code with opx (see check.sh)."""
import base64
import hashlib
import json
import os
import subprocess
import sys
import tempfile

import jsonschema
from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE = os.path.join(ROOT, "Tests/OPXProjectionsTests/Fixtures/investigations.ndjson")
SUMMARY_TYPE = "dev.opx.export.summary"


def opx(binary, *args, stdin=None):
    return subprocess.run([binary, *args], input=stdin, capture_output=True, check=True).stdout


def verify_like_the_readme(events, summary):
    """The procedure of Schemas/README.md, 'Verifying an export', from its text alone."""
    previous = None
    for event in events:
        event = dict(event)
        stored = event.pop("opxhash")
        link = bytes.fromhex(event["opxprevhash"])
        canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        assert hashlib.sha256(link + canonical).hexdigest() == stored, f"hash of position {event['opxposition']}"
        position = int(event["opxposition"])
        if previous and position == previous[0] + 1:
            assert event["opxprevhash"] == previous[1], f"link at {position}"
        if previous and summary["data"]["contiguous"]:
            assert position == previous[0] + 1, f"gap before {position}"
        previous = (position, stored)
    data = summary["data"]
    assert data["count"] == len(events)
    if events:
        assert data["anchorHash"] == events[0]["opxprevhash"] and data["lastHash"] == previous[1]
        assert int(data["firstPosition"]) == int(events[0]["opxposition"]) and int(data["lastPosition"]) == previous[0]
    summary = dict(summary)
    stored = summary.pop("opxhash")
    canonical = json.dumps(summary, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    link = bytes.fromhex(data["lastHash"] if events else data["anchorHash"])
    assert hashlib.sha256(link + canonical).hexdigest() == stored, "summary hash"


def check_cloudevents(validator, events, summary, label):
    for event in events + [summary]:
        errors = sorted(validator.iter_errors(event), key=lambda e: e.path)
        assert not errors, f"{label}: {event.get('id')}: {errors[0].message}"
    verify_like_the_readme(events, summary)


def check_otlp(document, label):
    for resource in document["resourceSpans"]:
        for scope in resource["scopeSpans"]:
            for span in scope["spans"]:
                # OTLP/JSON encodes ids as hex, unlike the generic protobuf JSON mapping (base64).
                for key in ("traceId", "spanId", "parentSpanId"):
                    if key in span:
                        span[key] = base64.b64encode(bytes.fromhex(span[key])).decode()
    request = json_format.ParseDict(document, trace_service_pb2.ExportTraceServiceRequest())
    spans = [span for rs in request.resource_spans for ss in rs.scope_spans for span in ss.spans]
    for span in spans:
        assert len(span.trace_id) == 16 and len(span.span_id) == 8, f"{label}: id lengths"
        assert span.start_time_unix_nano <= span.end_time_unix_nano, f"{label}: span times"
        keys = {a.key for a in span.attributes}
        assert {"opx.event.hash", "opx.event.position"} <= keys, f"{label}: opx attributes"
    return spans


def main():
    binary = os.path.abspath(sys.argv[1])
    schema = json.load(open(os.path.join(HERE, "cloudevents.json")))
    validator = jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "data")
        lines = [json.loads(l) for l in open(FIXTURE)]
        feed = "".join(json.dumps({k: v for k, v in l.items() if k != "at"}) + "\n" for l in lines)
        opx(binary, "init", "--data", data)
        opx(binary, "append", "--data-dir", data, "--batch-size", "1", stdin=feed.encode())
        investigation = next(l["data"]["investigationId"] for l in lines if l["type"] == "investigation.started")
        selections = {
            "all": [], "stream": ["--stream", next(l["stream"] for l in lines if l["stream"].startswith("incident-"))],
            "category": ["--category", "investigation"], "investigation": ["--investigation", investigation],
            "type": ["--type", "usage.recorded", "--type", "trace.span-recorded"], "range": ["--from", "10", "--to", "200"],
        }
        checked = 0
        for label, args in selections.items():
            out = opx(binary, "export", "--data", data, "--quiet", *args).decode()
            parsed = [json.loads(line) for line in out.splitlines()]
            check_cloudevents(validator, parsed[:-1], parsed[-1], label)
            batch = json.loads(opx(binary, "export", "--data", data, "--quiet", "--format", "cloudevents-batch", *args))
            check_cloudevents(validator, batch[:-1], batch[-1], label + " batch")
            spans = check_otlp(json.loads(opx(binary, "export", "--data", data, "--quiet", "--format", "otlp", *args)), label)
            assert label not in ("all", "investigation") or spans, f"{label}: no spans"
            checked += len(parsed) + len(batch)
        gen_ai = check_otlp(json.loads(opx(binary, "export", "--data", data, "--quiet", "--format", "otlp")), "all")
        assert any(a.key == "gen_ai.request.model" for s in gen_ai for a in s.attributes), "GenAI attribute names"
    print(f"export check: {checked} CloudEvents validate against the spec's schema and verify in Python; OTLP parses")


if __name__ == "__main__":
    main()
