#!/usr/bin/env python3
"""Writes the ingest benchmark inputs: N Alertmanager webhooks of A alerts each (one per line), and the
same alerts as `signal.ingested` events for `opx append` (A lines per batch, a blank line between)."""
import json, random, sys, uuid

webhooks_path, events_path, count, alerts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(7)
with open(webhooks_path, "w") as webhooks, open(events_path, "w") as events:
    for index in range(count):
        service = f"svc{rng.randrange(20)}"
        second = rng.randrange(86400)
        starts = f"2026-11-24T{second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}Z"
        body = {"version": "4", "status": "firing", "receiver": "opx", "groupKey": f"{{}}:{{service=\"{service}\"}}",
                "groupLabels": {"service": service}, "commonLabels": {"service": service},
                "externalURL": "http://alertmanager:9093", "truncatedAlerts": 0, "alerts": []}
        for alert in range(alerts):
            fingerprint = f"{index:08x}{alert:08x}"
            severity = rng.choice(["critical", "warning", "warning", "info"])
            labels = {"alertname": f"Alert{alert}", "service": service, "severity": severity, "instance": f"10.0.{index % 250}.{alert}:9100"}
            annotations = {"summary": f"Alert{alert} on {service}", "description": "load benchmark alert"}
            body["alerts"].append({"status": "firing", "labels": labels, "annotations": annotations, "startsAt": starts,
                                   "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "http://prometheus:9090/graph",
                                   "fingerprint": fingerprint})
            signal = {"signalId": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "source": "alertmanager",
                      "fingerprint": fingerprint, "status": "firing", "name": f"Alert{alert}",
                      "summary": annotations["summary"], "service": service, "severity": severity, "startsAt": starts,
                      "externalId": fingerprint, "url": "http://prometheus:9090/graph", "labels": labels,
                      "annotations": annotations}
            events.write(json.dumps({"stream": "signals-alertmanager", "type": "signal.ingested", "data": signal}) + "\n")
        events.write("\n")
        webhooks.write(json.dumps(body) + "\n")
