#!/usr/bin/env python3
"""kill -9 / crash-point harness for `opx append` (RELIABILITY.md B.4 T1 and T2, checks of B.3).

Each iteration starts 2-3 concurrent `opx append --json` writer processes on one store, feeds them
NDJSON through pipes, records every acknowledgement it receives, then SIGKILLs the writers (all or
one), or lets them die at a named crash point. Afterwards it runs `opx verify`, reads the log and
checks the history against what was sent and acknowledged:

  INV-1  every acked event is present at its acked position, same stream, same canonical payload
  INV-2  every batch (acked or not) is present whole, in order, at contiguous positions, or absent
  INV-3  positions are exactly 1..N, N >= the largest acked lastPosition; stream revisions contiguous
  INV-4  no phantom or duplicated event; a re-sent batch acks its original positions, stores nothing
  INV-5  one writer at a time: each writer's new events form one block; with --concurrency 1 a
         writer's batches land in the order they were sent
  INV-6  each record links to the previous hash; each ack's headHash is the hash at its lastPosition
  INV-9  the writers exit after the kill and a new append right after it succeeds
  INV-11 data.mdb stays within 4x the bytes of the events it holds (checked when a store is retired)

Standard library only. Configuration (environment):
  OPX_BIN                the opx binary (or --bin)
  OPX_CRASH_ITERATIONS   iterations (default 50; OPX_SOAK=1 makes it 1000)
  OPX_CRASH_SEED         RNG seed (default: from the clock); printed first
  OPX_CRASH_ROTATE       start a fresh store every this many iterations (default 25) so that the
                         per-iteration `opx verify` stays fast in long soaks
  OPX_CRASH_VERBOSE=1    one summary line per iteration
  OPX_CRASH_KEEP=1       keep the temp dir when a check fails (its path is printed)
"""

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid

STREAMS = [f"crash-{i:02d}" for i in range(20)]
EVENT_TYPE = "crash.append"
READ_PAGE = 1000
WRITER_EXIT_TIMEOUT = 60.0   # seconds a surviving writer may take to finish (INV-9: no deadlock)
COMMAND_TIMEOUT = 120.0
PROBE_TIMEOUT = 30.0
GROWTH_LIMIT = 4.0           # INV-11: data.mdb / bytes stored
FULL_CHECK_EVERY = 10        # re-read the whole log every this many iterations


class Failure(Exception):
    def __init__(self, invariant, detail):
        super().__init__(f"{invariant}: {detail}")
        self.invariant = invariant
        self.detail = detail


def canonical(value):
    """RFC 8785 for the values used here (strings, ints within 2^53, objects with ASCII keys)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Event:
    __slots__ = ("id", "stream", "data", "canon", "sha", "position", "state", "group")

    def __init__(self, event_id, stream, data):
        self.id = event_id
        self.stream = stream
        self.data = data
        self.canon = canonical(data)
        self.sha = sha256(self.canon)
        self.position = None   # set once the event is seen stored
        self.state = "new"     # new -> sent -> stored | absent (absent may be sent again)
        self.group = None      # the ids of the batch that stored it (for re-sends)


class Send:
    """One batch as `opx append` groups it: consecutive lines of one stream, at most --batch-size."""
    __slots__ = ("writer", "index", "stream", "ids", "expect", "ack", "ack_time", "origin")

    def __init__(self, writer, index, stream, ids, expect, origin):
        self.writer = writer
        self.index = index
        self.stream = stream
        self.ids = ids
        self.expect = expect    # "new" (ids all absent before) or "dup" (ids all stored before)
        self.origin = origin    # "fresh", "resend-acked", "retry-absent", "probe"
        self.ack = None
        self.ack_time = None


class Writer:
    def __init__(self, number, batch_size, concurrency, crashpoint):
        self.number = number
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.crashpoint = crashpoint
        self.sends = []
        self.lines = []
        self.units = []         # the NDJSON text of each unit (fed one unit at a time)
        self.feed_seconds = 0.0
        self.proc = None
        self.acks = []          # (time, raw line)
        self.partial = b""
        self.stderr = b""
        self.killed_by_us = False
        self.threads = []

    def describe(self):
        cp = f" crashpoint={self.crashpoint}" if self.crashpoint else ""
        rc = self.proc.returncode if self.proc else None
        fate = "killed" if self.killed_by_us and rc == -9 else ("died" if rc == -9 else f"rc={rc}")
        return (f"w{self.number}(bs={self.batch_size} c={self.concurrency} feed={self.feed_seconds:.1f}s{cp} "
                f"sends={len(self.sends)} lines={len(self.lines)} acks={len(self.acks)} {fate})")


class Harness:
    def __init__(self, binary, seed, iterations, rotate, verbose, keep, work_dir=None):
        self.bin = binary
        self.seed = seed
        self.rng = random.Random(seed)
        self.iterations = iterations
        self.rotate = rotate
        self.verbose = verbose
        self.keep = keep
        self.tmp = tempfile.mkdtemp(prefix="opx-crash-", dir=work_dir)
        self.counter = 0
        self.iteration = 0
        self.store_number = 0
        self.totals = {"acked": 0, "dups": 0, "stored": 0, "lost_unacked": 0, "kills": 0, "crashpoints": 0,
                       "retried": 0, "acks_seen_killed": 0}
        self.growth_reports = []
        self.context = "before the first iteration"
        self.procs = []             # writer processes, killed if the harness stops early

    # ----- store lifecycle ---------------------------------------------------------------------

    def new_store(self):
        self.store_number += 1
        self.dir = os.path.join(self.tmp, f"store-{self.store_number}")
        self.run(["init", "--data", self.dir], "init")
        self.events = {}            # id -> Event
        self.records = []           # index position-1 -> (id, hash, stream, revision)
        self.checked = 0            # positions 1..checked are checked
        self.stream_revision = {}   # stream -> last revision seen
        self.max_acked_last = 0
        self.pending = []           # sends whose outcome the next check decides
        self.stored_groups = []     # batches seen stored: lists of ids (for re-sends)
        self.absent_groups = []     # batches seen absent: lists of ids (for retries)
        self.log_bytes = 0          # bytes of the canonical CloudEvents lines of 1..checked
        self.register_event_type()

    def register_event_type(self):
        """Registers the harness's event type (position 1), as every appended event is validated."""
        added = self.run(["schema", "add", EVENT_TYPE, "-", "--data", self.dir], "schema add",
                         stdin=b'{"type":"object"}')
        if added.returncode != 0:
            raise Failure("setup", f"`opx schema add {EVENT_TYPE}` failed: {added.stderr.decode()[:300]}")
        line = self.run(["read", "--data", self.dir, "--json", "--limit", "1"], "read").stdout.decode().splitlines()[0]
        obj = json.loads(line)
        registration = Event(obj["id"], obj["opxstream"], obj["data"])
        registration.position, registration.state = 1, "stored"
        self.events[registration.id] = registration
        self.records.append((obj["id"], obj["opxhash"], obj["opxstream"], int(obj["opxrevision"])))
        self.stream_revision[obj["opxstream"]] = int(obj["opxrevision"])
        self.log_bytes += len(line.encode("utf-8")) + 1
        self.checked = 1

    def retire_store(self):
        """Final checks of one store: verify, full re-read, INV-11."""
        self.check(full=True)
        self.check_growth()
        shutil.rmtree(self.dir, ignore_errors=True)

    # ----- helpers -----------------------------------------------------------------------------

    def run(self, args, what, timeout=COMMAND_TIMEOUT, stdin=None, env=None):
        try:
            proc = subprocess.run([self.bin] + args, input=stdin, capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            raise Failure("INV-9", f"`opx {' '.join(args)}` ({what}) did not finish within {timeout:.0f} s")
        return proc

    def new_id(self):
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def random_text(self, length):
        rng = self.rng
        if length == 0:
            return ""
        if rng.random() < 0.8:
            return "".join(rng.choices("abcdefghijklmnopqrstuvwxyz0123456789 -_", k=length))
        alphabet = "abcXYZ019 é߀日本語😀\"\\/\t\n\u0001\u007f\u2028"
        return "".join(rng.choices(alphabet, k=length))

    def new_event(self, stream):
        self.counter += 1
        rng = self.rng
        marker = f"{self.seed}:{self.iteration}:{self.counter}"
        data = {"marker": marker, "n": rng.randint(-(2 ** 53) + 1, 2 ** 53 - 1)}
        size = rng.randint(0, 2048)
        if rng.random() < 0.3:
            half = size // 2
            data["nested"] = {"b": self.random_text(half), "a": {"k": rng.randint(0, 10 ** 6), "z": self.random_text(size - half)}}
        elif size:
            data["pad"] = self.random_text(size)
        event = Event(self.new_id(), stream, data)
        self.events[event.id] = event
        return event

    def line_for(self, event):
        """The NDJSON line for an event, in a random (valid) formatting: opx must store it canonically."""
        body = {"stream": event.stream, "type": EVENT_TYPE, "data": event.data, "id": event.id}
        style = self.rng.random()
        if style < 0.6:
            return json.dumps(body, separators=(",", ":"), ensure_ascii=False)
        if style < 0.9:
            return json.dumps(body, ensure_ascii=False)   # spaces, insertion order
        return json.dumps(body, ensure_ascii=True)         # \uXXXX escapes, surrogate pairs

    # ----- planning ----------------------------------------------------------------------------

    def plan_writer(self, writer, used):
        """Units of consecutive same-stream lines; neighbours differ in stream, so opx's batches are
        exactly each unit cut into --batch-size chunks."""
        rng = self.rng
        target = rng.randint(10, 200)
        count = 0
        previous = None
        while count < target:
            roll = rng.random()
            unit_ids, stream, expect, origin = None, None, "new", "fresh"
            if roll < 0.12 and self.stored_groups:
                group = rng.choice(self.stored_groups)
                if rng.random() < 0.6 or len(group) == 1:
                    ids = list(group)
                else:
                    a = rng.randrange(len(group))
                    b = rng.randrange(a, len(group))
                    ids = group[a:b + 1]
                if not any(i in used for i in ids):
                    unit_ids, stream, expect, origin = ids, self.events[ids[0]].stream, "dup", "resend-acked"
            elif roll < 0.17 and self.absent_groups:
                group = rng.choice(self.absent_groups)
                if not any(i in used for i in group) and all(self.events[i].state == "absent" for i in group):
                    unit_ids, stream, expect, origin = list(group), self.events[group[0]].stream, "new", "retry-absent"
            if unit_ids is not None and stream == previous:
                unit_ids = None
            if unit_ids is None:
                stream = rng.choice([s for s in STREAMS if s != previous])
                size = writer.batch_size if rng.random() < 0.3 else rng.randint(1, writer.batch_size)
                unit_ids = [self.new_event(stream).id for _ in range(size)]
                expect, origin = "new", "fresh"
            for i in unit_ids:
                used.add(i)
                self.events[i].state = "sent" if expect == "new" else self.events[i].state
            for start in range(0, len(unit_ids), writer.batch_size):
                chunk = unit_ids[start:start + writer.batch_size]
                writer.sends.append(Send(writer.number, len(writer.sends), stream, chunk, expect, origin))
            lines = [self.line_for(self.events[i]) for i in unit_ids]
            writer.lines.extend(lines)
            writer.units.append(("\n".join(lines) + "\n").encode("utf-8"))
            count += len(unit_ids)
            previous = stream

    # ----- one iteration -----------------------------------------------------------------------

    def run_iteration(self):
        rng = self.rng
        mode = rng.choices(["kill-all", "kill-one", "crashpoint", "crashpoint+kill", "clean"],
                           weights=[40, 25, 15, 10, 10])[0]
        count = rng.choice([2, 3])
        crash_targets = set()
        if mode.startswith("crashpoint"):
            crash_targets = set(range(count)) if rng.random() < 0.4 else {rng.randrange(count)}
        writers = []
        used = set()
        for number in range(count):
            crashpoint = f"append.beforeCommit:{rng.randint(1, 6)}" if number in crash_targets else None
            writer = Writer(number, rng.randint(1, 64), rng.randint(1, 8), crashpoint)
            writer.feed_seconds = rng.uniform(0.0, 2.0)
            self.plan_writer(writer, used)
            writers.append(writer)
        delay = rng.uniform(0.05, 1.5)
        victim = rng.randrange(count)
        self.context = (f"mode {mode}, kill after {delay:.2f} s" + (f" (victim w{victim})" if mode == "kill-one" else "")
                        + ", writers: " + " ".join(w.describe() for w in writers))

        for writer in writers:
            self.start_writer(writer)
        started = time.monotonic()
        if mode in ("kill-all", "crashpoint+kill", "kill-one"):
            time.sleep(max(0.0, started + delay - time.monotonic()))
            targets = writers if mode != "kill-one" else [writers[victim]]
            for writer in targets:
                if writer.proc.poll() is None:
                    writer.killed_by_us = True
                    writer.proc.kill()
                    self.totals["kills"] += 1
        for writer in writers:
            self.finish_writer(writer, started)
        self.procs = []
        elapsed = time.monotonic() - started

        self.context = (f"mode {mode}, kill after {delay:.2f} s" + (f" (victim w{victim})" if mode == "kill-one" else "")
                        + ", writers: " + " ".join(w.describe() for w in writers))
        for writer in writers:
            self.check_writer_exit(writer)
            self.pending.extend(writer.sends)
        sent = sum(len(w.lines) for w in writers)
        acked = sum(1 for w in writers for s in w.sends if s.ack is not None)
        new_records = self.check(full=(self.iteration % FULL_CHECK_EVERY == 0))
        self.check_order(writers, new_records)
        self.probe()
        if self.verbose:
            print(f"  iter {self.iteration}: {mode} delay={delay:.2f}s run={elapsed:.2f}s "
                  f"{' '.join(w.describe() for w in writers)} lines={sent} acked-batches={acked} "
                  f"new-records={len(new_records)} head={self.checked + 1}", flush=True)

    def start_writer(self, writer):
        env = os.environ.copy()
        env.pop("OPX_CRASHPOINT", None)
        if writer.crashpoint:
            env["OPX_CRASHPOINT"] = writer.crashpoint
            self.totals["crashpoints"] += 1
        args = [self.bin, "append", "--data-dir", self.dir, "--json", "--lock-timeout", "30",
                "--concurrency", str(writer.concurrency), "--batch-size", str(writer.batch_size)]
        writer.proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, env=env)
        self.procs.append(writer.proc)
        begun = time.monotonic()

        def feed():
            # Paced: unit k is written at begun + feed_seconds * k / units, so that writers are still
            # busy when the kill comes, without sending thousands of events per iteration.
            try:
                for k, unit in enumerate(writer.units):
                    wait = begun + writer.feed_seconds * k / len(writer.units) - time.monotonic()
                    if wait > 0:
                        time.sleep(wait)
                    writer.proc.stdin.write(unit)
                    writer.proc.stdin.flush()
            except (BrokenPipeError, OSError, ValueError):
                pass
            finally:
                try:
                    writer.proc.stdin.close()
                except (BrokenPipeError, OSError):
                    pass

        def read_acks():
            buffer = b""
            stream = writer.proc.stdout
            while True:
                chunk = stream.read1(65536)
                if not chunk:
                    break
                buffer += chunk
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    writer.acks.append((time.monotonic(), line))
            writer.partial = buffer

        def read_errors():
            writer.stderr = writer.proc.stderr.read()[-8000:]

        writer.threads = [threading.Thread(target=f, daemon=True) for f in (feed, read_acks, read_errors)]
        for thread in writer.threads:
            thread.start()

    def finish_writer(self, writer, started):
        remaining = max(1.0, started + WRITER_EXIT_TIMEOUT - time.monotonic())
        try:
            writer.proc.wait(timeout=remaining)
        except subprocess.TimeoutExpired:
            writer.proc.kill()
            writer.proc.wait()
            raise Failure("INV-9", f"writer {writer.describe()} still running {WRITER_EXIT_TIMEOUT:.0f} s after start "
                                   f"(deadlock?); {len(writer.acks)} acks so far")
        for thread in writer.threads:
            thread.join(timeout=10)

    def check_writer_exit(self, writer):
        rc = writer.proc.returncode
        stderr = writer.stderr.decode("utf-8", "replace").strip()
        by_first = {s.ids[0]: s for s in writer.sends}
        for at, raw in writer.acks:
            try:
                ack = json.loads(raw)
            except ValueError:
                raise Failure("ack", f"writer {writer.describe()} printed a line that is not JSON: {raw[:300]!r}")
            ids = ack.get("ids") or []
            send = by_first.get(ids[0]) if ids else None
            if send is None or send.ids != ids:
                raise Failure("INV-2", f"writer {writer.describe()} acked ids {ids[:5]}... ({len(ids)}) that are not "
                                       f"one batch it was sent: {raw[:300]!r}")
            if send.ack is not None:
                raise Failure("INV-4", f"writer {writer.describe()} acked batch {send.index} twice: {raw[:300]!r}")
            if ack.get("stream") != send.stream:
                raise Failure("INV-1", f"ack stream {ack.get('stream')!r} != sent stream {send.stream!r}: {raw[:300]!r}")
            first, last = ack.get("firstPosition"), ack.get("lastPosition")
            if not isinstance(first, int) or not isinstance(last, int) or last - first + 1 != len(ids):
                raise Failure("INV-2", f"ack positions {first}..{last} do not hold the {len(ids)} ids of the batch: {raw[:300]!r}")
            if ack.get("duplicate") != (send.expect == "dup"):
                raise Failure("INV-4", f"batch sent as {send.origin} (expected duplicate={send.expect == 'dup'}) "
                                       f"acked with duplicate={ack.get('duplicate')}: {raw[:300]!r}")
            send.ack = ack
            send.ack_time = at
            self.max_acked_last = max(self.max_acked_last, last)
            self.totals["acked" if send.expect == "new" else "dups"] += 1
        if rc == 0:
            missing = [s.index for s in writer.sends if s.ack is None]
            if missing:
                raise Failure("ack", f"writer {writer.describe()} exited 0 but never acked batches {missing[:10]} "
                                     f"(of {len(writer.sends)}); stderr: {stderr[-500:]}")
        elif rc == -signal.SIGKILL and (writer.killed_by_us or writer.crashpoint):
            pass
        else:
            raise Failure("writer", f"writer {writer.describe()} exited with {rc} (killed by us: {writer.killed_by_us}); "
                                    f"stderr: {stderr[-1500:]}")

    # ----- checks after a crash ----------------------------------------------------------------

    def verify(self):
        proc = self.run(["verify", "--data", self.dir, "--json"], "verify")
        if proc.returncode != 0:
            raise Failure("verify", f"`opx verify` exited {proc.returncode}: {proc.stdout.decode()[-1500:]} "
                                    f"{proc.stderr.decode()[-1500:]}")
        try:
            report = json.loads(proc.stdout)
        except ValueError:
            raise Failure("verify", f"`opx verify --json` printed no JSON: {proc.stdout[:500]!r}")
        if not report.get("valid"):
            raise Failure("verify", f"`opx verify` exited 0 but reports: {proc.stdout.decode()[:1500]}")
        return report

    def read_range(self, start, end):
        """Yields (position, raw line, object) for start..end."""
        position = start
        while position <= end:
            limit = min(READ_PAGE, end - position + 1)
            proc = self.run(["read", "--data", self.dir, "--json", "--limit", str(limit), "--from", str(position)], "read")
            if proc.returncode != 0:
                raise Failure("read", f"`opx read --from {position}` exited {proc.returncode}: {proc.stderr.decode()[-800:]}")
            lines = proc.stdout.decode("utf-8").split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            if len(lines) != limit:
                raise Failure("INV-3", f"`opx read --from {position} --limit {limit}` returned {len(lines)} records, "
                                       f"but verify reported head {end}")
            for line in lines:
                yield position, line, json.loads(line)
                position += 1

    def check(self, full=False):
        """Runs verify and checks the records after the checked prefix (or all of them when `full`).
        Returns the new records as (position, id)."""
        report = self.verify()
        head = report.get("lastPosition", 0)
        if head < self.checked:
            raise Failure("INV-3", f"the log shrank: verify reports head {head}, {self.checked} records were seen before")
        if head < self.max_acked_last:
            raise Failure("INV-1", f"head is {head} but position {self.max_acked_last} was acknowledged")
        start = 1 if full else max(1, self.checked)
        previous_hash = self.records[start - 2][1] if start >= 2 else "0" * 64
        new_records = []
        for position, line, obj in self.read_range(start, head):
            stated = int(obj.get("opxposition", "-1"))
            if stated != position:
                raise Failure("INV-3", f"record read at position {position} says opxposition {obj.get('opxposition')}")
            if obj.get("opxprevhash") != previous_hash:
                raise Failure("INV-6", f"position {position}: opxprevhash {obj.get('opxprevhash')} != hash of {position - 1} {previous_hash}")
            if canonical(obj) != line:
                raise Failure("INV-1", f"position {position}: the read line is not canonical JSON: {line[:400]}")
            event_id, digest, stream = obj.get("id"), obj.get("opxhash"), obj.get("opxstream")
            revision = int(obj.get("opxrevision", "-1"))
            if position <= self.checked:
                known = self.records[position - 1]
                if known != (event_id, digest, stream, revision):
                    raise Failure("INV-1", f"position {position} changed since it was checked: was {known}, now "
                                           f"{(event_id, digest, stream, revision)}")
                event = self.events[event_id]
                if sha256(canonical(obj.get("data"))) != event.sha:
                    raise Failure("INV-1", f"position {position} (id {event_id}): payload changed")
            else:
                self.check_new_record(position, obj)
                self.records.append((event_id, digest, stream, revision))
                self.log_bytes += len(line.encode("utf-8")) + 1
                new_records.append((position, event_id))
            previous_hash = digest
        if head and previous_hash != report.get("headHash"):
            raise Failure("INV-6", f"hash of the last record {previous_hash} != verify's headHash {report.get('headHash')}")
        self.checked = head
        self.settle_pending()
        return new_records

    def check_new_record(self, position, obj):
        event_id = obj.get("id")
        event = self.events.get(event_id)
        if event is None:
            raise Failure("INV-4", f"position {position}: phantom event id {event_id} (never sent): {json.dumps(obj)[:300]}")
        if event.position is not None:
            raise Failure("INV-4", f"position {position}: id {event_id} stored again (first at {event.position})")
        if event.state != "sent":
            raise Failure("INV-4", f"position {position}: id {event_id} stored although it was not sent as new in this round (state {event.state})")
        if obj.get("opxstream") != event.stream:
            raise Failure("INV-1", f"position {position}: stream {obj.get('opxstream')!r}, sent to {event.stream!r}")
        kind = obj.get("type", "")
        if kind != EVENT_TYPE and not kind.endswith("." + EVENT_TYPE):
            raise Failure("INV-1", f"position {position}: type {kind!r}, sent {EVENT_TYPE!r}")
        stored = canonical(obj.get("data"))
        if sha256(stored) != event.sha:
            raise Failure("INV-1", f"position {position} (id {event_id}): payload differs from what was sent\n"
                                   f"    sent:   {event.canon[:300]}\n    stored: {stored[:300]}")
        revision = int(obj.get("opxrevision", "-1"))
        expected = self.stream_revision.get(event.stream, -1) + 1
        if revision != expected:
            raise Failure("INV-3", f"position {position}: stream {event.stream} revision {revision}, expected {expected}")
        self.stream_revision[event.stream] = revision
        event.position = position

    def settle_pending(self):
        """Every batch sent since the last check is now whole or absent; acks match the records."""
        for send in self.pending:
            events = [self.events[i] for i in send.ids]
            positions = [e.position for e in events]
            present = [p for p in positions if p is not None]
            where = f"batch {send.index} of writer {send.writer} ({send.origin}, {len(send.ids)} events, stream {send.stream})"
            if send.expect == "dup":
                if send.ack is not None:
                    self.check_ack(send, positions, where)
                continue
            if present and len(present) != len(positions):
                raise Failure("INV-2", f"{where} is partly stored: positions {positions}")
            if present:
                if positions != list(range(positions[0], positions[0] + len(positions))):
                    raise Failure("INV-2", f"{where} is not contiguous and in order: positions {positions}")
                for e in events:
                    e.state = "stored"
                    e.group = send.ids
                self.stored_groups.append(send.ids)
                self.totals["stored"] += 1
                if send.origin == "retry-absent":
                    self.totals["retried"] += 1
                if send.ack is not None:
                    self.check_ack(send, positions, where)
            else:
                if send.ack is not None:
                    raise Failure("INV-1", f"{where} was acked at {send.ack['firstPosition']}..{send.ack['lastPosition']} "
                                           f"but none of its events is stored")
                for e in events:
                    e.state = "absent"
                self.absent_groups.append(send.ids)
                self.totals["lost_unacked"] += 1
        self.pending = []
        self.absent_groups = [g for g in self.absent_groups if all(self.events[i].state == "absent" for i in g)]

    def check_ack(self, send, positions, where):
        ack = send.ack
        if positions[0] is None or positions != list(range(positions[0], positions[0] + len(positions))):
            raise Failure("INV-4", f"{where}: re-sent ids are not stored contiguously: {positions}")
        if (ack["firstPosition"], ack["lastPosition"]) != (positions[0], positions[-1]):
            raise Failure("INV-1", f"{where} acked at {ack['firstPosition']}..{ack['lastPosition']} "
                                   f"(duplicate={ack.get('duplicate')}) but stored at {positions[0]}..{positions[-1]}")
        _, digest, _, revision = self.records[positions[-1] - 1]
        if ack.get("headHash") != digest:
            raise Failure("INV-6", f"{where}: ack headHash {ack.get('headHash')} != opxhash {digest} at {positions[-1]}")
        if ack.get("revision") != revision:
            raise Failure("INV-3", f"{where}: ack revision {ack.get('revision')} != opxrevision {revision} at {positions[-1]}")

    def check_order(self, writers, new_records):
        """INV-5: one writer process at a time; a --concurrency 1 writer commits in send order."""
        owner = {}
        for writer in writers:
            for send in writer.sends:
                if send.expect == "new":
                    for i in send.ids:
                        owner[i] = writer.number
        blocks = []
        for _, event_id in new_records:
            number = owner.get(event_id, "probe")
            if not blocks or blocks[-1] != number:
                blocks.append(number)
        if len(blocks) != len(set(blocks)):
            raise Failure("INV-5", f"writers' events interleave in the log (two writers held the store at once?): "
                                   f"block order {blocks}")
        for writer in writers:
            if writer.concurrency != 1:
                continue
            last = 0
            for send in writer.sends:
                position = self.events[send.ids[0]].position
                if send.expect != "new" or position is None:
                    continue
                if position < last:
                    raise Failure("INV-5", f"writer {writer.describe()} (concurrency 1): batch {send.index} stored at "
                                           f"{position}, before an earlier batch at {last}")
                last = position

    def probe(self):
        """INV-9: the first append after the crash succeeds at once; it is checked like any batch."""
        stream = self.rng.choice(STREAMS)
        event = self.new_event(stream)
        event.state = "sent"
        line = self.line_for(event) + "\n"
        started = time.monotonic()
        proc = self.run(["append", "--data-dir", self.dir, "--json", "--lock-timeout", "5"], "probe append",
                        timeout=PROBE_TIMEOUT, stdin=line.encode("utf-8"))
        took = time.monotonic() - started
        if proc.returncode != 0:
            raise Failure("INV-9", f"the first append after the crash failed ({proc.returncode}, {took:.1f} s): "
                                   f"{proc.stderr.decode()[-800:]}")
        lines = [l for l in proc.stdout.decode().split("\n") if l]
        send = Send("probe", 0, stream, [event.id], "new", "probe")
        if len(lines) != 1:
            raise Failure("INV-9", f"probe append printed {len(lines)} ack lines: {proc.stdout[:500]!r}")
        ack = json.loads(lines[0])
        if ack.get("ids") != [event.id] or ack.get("duplicate") is not False:
            raise Failure("INV-4", f"probe ack does not match the probe event: {lines[0]}")
        if ack.get("firstPosition") != self.checked + 1 or ack.get("lastPosition") != self.checked + 1:
            raise Failure("INV-3", f"probe acked at {ack.get('firstPosition')}, head was {self.checked}: {lines[0]}")
        send.ack = ack
        self.max_acked_last = max(self.max_acked_last, ack["lastPosition"])
        self.pending.append(send)

    def check_growth(self):
        path = os.path.join(self.dir, "data.mdb")
        st = os.stat(path)
        allocated = st.st_blocks * 512
        size = min(st.st_size, allocated) if allocated else st.st_size
        floor = 1 << 20   # a nearly empty store has fixed overhead; compare against at least 1 MiB
        ratio = size / max(self.log_bytes, floor)
        self.growth_reports.append(f"store {self.store_number}: data.mdb {st.st_size} bytes ({allocated} allocated) for "
                                   f"{self.checked} events / {self.log_bytes} bytes of CloudEvents JSON: ratio {ratio:.2f}")
        if ratio > GROWTH_LIMIT:
            raise Failure("INV-11", self.growth_reports[-1] + f" > {GROWTH_LIMIT}")

    # ----- main loop ---------------------------------------------------------------------------

    def main(self):
        passed = 0
        started = time.monotonic()
        try:
            self.new_store()
            for self.iteration in range(1, self.iterations + 1):
                if self.iteration > 1 and (self.iteration - 1) % self.rotate == 0:
                    self.retire_store()
                    self.new_store()
                self.run_iteration()
                passed += 1
            self.retire_store()
        except Failure as failure:
            self.report_failure(failure, passed)
            return 1
        except Exception as error:   # a harness bug: still say where
            import traceback
            traceback.print_exc()
            self.report_failure(Failure("harness", repr(error)), passed)
            return 1
        finally:
            self.cleanup_processes()
        took = time.monotonic() - started
        if self.verbose:
            for line in self.growth_reports:
                print(f"  INV-11 {line}")
        t = self.totals
        print(f"crash-append: details: {t['acked']} new batches acked, {t['dups']} re-sent batches acked as duplicates, "
              f"{t['stored']} batches stored ({t['retried']} of them retries of absent ones), "
              f"{t['lost_unacked']} unacked batches absent, {t['kills']} SIGKILLs, "
              f"{t['crashpoints']} writers with a crash point; growth {self.growth_summary()}; {took:.0f} s", flush=True)
        print(f"crash-append: {passed} passed, 0 failed", flush=True)
        shutil.rmtree(self.tmp, ignore_errors=True)
        return 0

    def growth_summary(self):
        ratios = [line.rsplit("ratio ", 1)[-1] for line in self.growth_reports]
        return "max data.mdb/bytes ratio " + (max(ratios, key=float) if ratios else "n/a")

    def cleanup_processes(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        self.procs = []

    def report_failure(self, failure, passed):
        print(f"crash-append: FAILED at iteration {self.iteration} (seed {self.seed}, store {self.store_number})", flush=True)
        print(f"crash-append: invariant {failure.invariant} violated: {failure.detail}", flush=True)
        print(f"crash-append: iteration {self.iteration}: {self.context}", flush=True)
        print(f"crash-append: reproduce with OPX_CRASH_SEED={self.seed} (timing of kills still varies)", flush=True)
        if self.keep:
            print(f"crash-append: data kept in {self.dir}", flush=True)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)
        print(f"crash-append: {passed} passed, 1 failed", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", default=os.environ.get("OPX_BIN"), help="the opx binary (default $OPX_BIN)")
    parser.add_argument("--work-dir", help="where to make the temp dir (default $TMPDIR)")
    args = parser.parse_args()
    if not args.bin or not os.access(args.bin, os.X_OK):
        print(f"crash-append: no executable opx binary (got {args.bin!r}); pass --bin or set OPX_BIN", file=sys.stderr)
        return 2
    seed_text = os.environ.get("OPX_CRASH_SEED")
    seed = int(seed_text) if seed_text else int(time.time() * 1000) % (2 ** 31)
    default_iterations = 1000 if os.environ.get("OPX_SOAK") == "1" else 50
    iterations = int(os.environ.get("OPX_CRASH_ITERATIONS", default_iterations))
    rotate = max(1, int(os.environ.get("OPX_CRASH_ROTATE", 25)))
    print(f"crash-append: seed {seed}, {iterations} iterations, binary {args.bin}", flush=True)
    harness = Harness(os.path.abspath(args.bin), seed, iterations, rotate,
                      os.environ.get("OPX_CRASH_VERBOSE") == "1", os.environ.get("OPX_CRASH_KEEP") == "1",
                      args.work_dir)

    def on_signal(signum, _frame):
        harness.cleanup_processes()
        shutil.rmtree(harness.tmp, ignore_errors=True)
        sys.exit(128 + signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    return harness.main()


if __name__ == "__main__":
    sys.exit(main())
