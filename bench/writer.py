#!/usr/bin/env python3
"""Paced writer for bench/load-and-faults.sh: PUT /api/municipalities/{code}/assessment
with a token at RATE writes a second for DURATION seconds over one keep-alive
connection (a new one after an error). Every answer must be 200 or 201 with the
version in the body. Prints one line: writes, errors, achieved rate, p50, p99 (ms),
and the first few problems."""
import datetime
import http.client
import json
import sys
import time
import urllib.parse

base, token, rate, duration = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
u = urllib.parse.urlparse(base)


def connect():
    return http.client.HTTPConnection(u.hostname, u.port, timeout=30)


conn = connect()
conn.request("GET", "/api/municipalities")
codes = [m["code"] for m in json.loads(conn.getresponse().read())]
today = datetime.date.today().isoformat()
lat, problems, errors = [], [], 0
start = time.monotonic()
i = 0
while True:
    due = start + i / rate
    now = time.monotonic()
    if due - start >= duration:
        break
    if due > now:
        time.sleep(due - now)
    code = codes[i % len(codes)]
    body = json.dumps({"assessed_on": today, "source": "bench load", "assessor": "bench",
                       "values": {"stage": {"value": 1 + i % 6}, "domain.work": {"value": i % 4}}})
    t0 = time.monotonic()
    try:
        conn.request("PUT", f"/api/municipalities/{code}/assessment", body=body,
                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        resp = conn.getresponse()
        data = resp.read()
        ok = resp.status in (200, 201) and json.loads(data).get("code") == code
        if not ok:
            errors += 1
            problems.append(f"{code}: {resp.status} {data[:120]!r}")
    except Exception as e:  # a network error is an error
        errors += 1
        problems.append(f"{code}: {e!r}")
        conn.close()
        conn = connect()
    lat.append((time.monotonic() - t0) * 1000)
    i += 1
elapsed = time.monotonic() - start
lat.sort()
pct = lambda p: lat[min(len(lat) - 1, int(p / 100 * len(lat)))] if lat else 0
print(f"writes {len(lat)} errors {errors} rate {len(lat) / elapsed:.1f}/s p50 {pct(50):.1f}ms p99 {pct(99):.1f}ms"
      + ("" if not problems else " problems: " + " | ".join(problems[:5])))
