#!/usr/bin/env python3
"""A test external agent behind HTTP: prints its URL on stdout, then answers POSTs of the opx agent input.

Usage: http_agent.py FIXTURE_DIR
  POST /valid   the fixture document for the request's step, with usage (model test-model, 1000 in, 200 out)
  POST /fail    HTTP 500 with a short text body
  POST /slow    answers after 30 s (for time limits)
"""
import json, os, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

fixtures = sys.argv[1]

class Agent(BaseHTTPRequestHandler):
    def do_POST(self):
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.path == "/fail":
            self.send_response(500); self.end_headers(); self.wfile.write(b"model overloaded"); return
        if self.path == "/slow":
            time.sleep(30)
        with open(os.path.join(fixtures, request["step"] + ".v1.json")) as f:
            document = json.load(f)
        body = json.dumps({"output": document, "usage": {"model": "test-model", "inputTokens": 1000, "outputTokens": 200}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Agent)
print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
server.serve_forever()
