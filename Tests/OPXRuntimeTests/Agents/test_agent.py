#!/usr/bin/env python3
"""A test external agent: reads the opx agent input on stdin, answers on stdout.

Usage: test_agent.py MODE FIXTURE_DIR
  valid              the fixture for the step, with usage (model test-model, 1000 in, 200 out)
  invalid-then-valid attempt 1: a document missing required fields; later attempts: valid, only when the
                     engine passed the previous attempt's errors
  invalid            always an invalid document
  hang               never answers
  crash              exits with status 3
"""
import json, os, sys, time

mode, fixtures = sys.argv[1], sys.argv[2]
request = json.load(sys.stdin)
step = request["step"]
schema = os.environ.get("AGENT_SCHEMA", step)
with open(os.path.join(fixtures, schema + ".v1.json")) as f:
    document = json.load(f)

def answer(output):
    json.dump({"output": output, "usage": {"model": "test-model", "provider": "test", "inputTokens": 1000, "outputTokens": 200},
               "toolCalls": [{"name": "test.lookup", "itemCount": 2, "durationMs": 1}]}, sys.stdout)

if mode == "valid":
    answer(document)
elif mode == "invalid-then-valid":
    if request["attempt"] == 1 or not request["previousErrors"]:
        answer({"agent": document["agent"], "summary": "incomplete"})
    else:
        answer(document)
elif mode == "invalid":
    answer({"agent": document["agent"], "confidence": 7})
elif mode == "hang":
    time.sleep(600)
elif mode == "crash":
    sys.stderr.write("test agent crashed on purpose\n")
    sys.exit(3)
else:
    sys.exit("unknown mode " + mode)
