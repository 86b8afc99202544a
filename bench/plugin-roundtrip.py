#!/usr/bin/env python3
"""The round trip of one plugin call after a pause, as dockerd's calls come (issue 14).

One kept-alive connection to the plugin's socket, requests with the headers dockerd 20.10's plugin client sends (moby
pkg/plugins/client.go), a pause between calls (10 ms by default: dockerd's own work between a connect's calls), the
time from the request's send to the reply's last byte. With --pid, the plugin's CPU time (utime+stime of
/proc/PID/stat) and, per thread name, its context switches (/proc/PID/task/*/status) and CPU time over the timed
calls, per call, so which threads wake for a call shows beside its latency.

Calls that do nothing, so that only the plugin's path is timed:
  refused-join     POST /NetworkDriver.Join with a body the parser refuses (a connect's call: answered inline)
  refused-operinfo POST /NetworkDriver.EndpointOperInfo with a body the parser refuses (quick: on the event loop)
  activate         POST /Plugin.Activate
  capabilities     POST /NetworkDriver.GetCapabilities

Usage: bench/plugin-roundtrip.py SOCKET [--call refused-join] [--calls 300] [--warmup 300] [--pause-ms 10]
       [--pid PID]
Prints one line: call, count, median, p90, p99 in microseconds, then with --pid CPU us/call and, per thread name
(threads sharing a name summed), switches/call and CPU us/call.
"""
import argparse
import os
import socket
import statistics
import time

CALLS = {
    "refused-join": ("/NetworkDriver.Join", b"{\"NetworkID\": 7}"),
    "refused-operinfo": ("/NetworkDriver.EndpointOperInfo", b"{\"NetworkID\": 7}"),
    "activate": ("/Plugin.Activate", b""),
    "capabilities": ("/NetworkDriver.GetCapabilities", b""),
}


def request(path, body):
    head = (
        f"POST {path} HTTP/1.1\r\nHost: plugin.moby.localhost\r\nUser-Agent: Go-http-client/1.1\r\n"
        f"Content-Length: {len(body)}\r\nAccept: application/vnd.docker.plugins.v1.2\r\n"
        "Content-Type: application/vnd.docker.plugins.v1.2\r\nAccept-Encoding: gzip\r\n\r\n"
    )
    return head.encode() + body


def read_reply(conn):
    """Reads one reply with a Content-Length body; returns its status."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("the plugin closed the connection")
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode().split("\r\n")
    length = next(int(l.split(":", 1)[1]) for l in lines if l.lower().startswith("content-length:"))
    while len(rest) < length:
        chunk = conn.recv(65536)
        if not chunk:
            raise ConnectionError("the plugin closed the connection mid-reply")
        rest += chunk
    return int(lines[0].split()[1])


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def threads(pid):
    """Per thread name (threads sharing a name summed): [context switches, CPU ticks]."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                status = dict(l.split(":", 1) for l in f.read().splitlines() if ":" in l)
            ticks = cpu_ticks(f"{pid}/task/{tid}")
        except FileNotFoundError:
            continue
        name = status["Name"].strip()
        n = int(status["voluntary_ctxt_switches"]) + int(status["nonvoluntary_ctxt_switches"])
        seen = out.setdefault(name, [0, 0])
        seen[0] += n
        seen[1] += ticks
    return out


def run(conn, payload, count, pause):
    times = []
    for _ in range(count):
        time.sleep(pause)
        start = time.perf_counter_ns()
        conn.sendall(payload)
        read_reply(conn)
        times.append((time.perf_counter_ns() - start) / 1000)
    return times


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socket")
    parser.add_argument("--call", choices=sorted(CALLS), default="refused-join")
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--pause-ms", type=float, default=10)
    parser.add_argument("--pid", type=int)
    args = parser.parse_args()
    payload = request(*CALLS[args.call])
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(args.socket)
    run(conn, payload, args.warmup, args.pause_ms / 1000)
    if args.pid:
        ticks, before = cpu_ticks(args.pid), threads(args.pid)
    times = sorted(run(conn, payload, args.calls, args.pause_ms / 1000))
    line = (
        f"{args.call} n={len(times)} median_us={statistics.median(times):.0f} "
        f"p90_us={times[int(len(times) * 0.9)]:.0f} p99_us={times[int(len(times) * 0.99)]:.0f}"
    )
    if args.pid:
        hz = os.sysconf("SC_CLK_TCK")
        cpu_us = (cpu_ticks(args.pid) - ticks) * 1e6 / hz / len(times)
        after = threads(args.pid)
        per_call = {
            k: [(after[k][i] - before.get(k, [0, 0])[i]) / len(times) for i in (0, 1)] for k in after
        }
        woken = {k: v for k, v in per_call.items() if v[0] >= 0.05 or v[1] > 0}
        line += f" cpu_us_per_call={cpu_us:.0f} threads(switches/call,cpu_us/call)=" + ",".join(
            f"{k}:{v[0]:.2f}/{v[1] * 1e6 / hz:.0f}" for k, v in sorted(woken.items(), key=lambda kv: -kv[1][0])
        )
    print(line)
    conn.close()


if __name__ == "__main__":
    main()
