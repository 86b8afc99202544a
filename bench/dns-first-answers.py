#!/usr/bin/env python3
"""First DNS answer inside every container, from one host process (bench/restart-dns.sh).

    bench/dns-first-answers.py SECONDS NAME=PID...

For each NAME=PID it opens a UDP socket inside the network namespace of process PID (setns(2) on /proc/PID/ns/net,
then back: the socket stays in the namespace it was made in) and asks 127.0.0.11:53 for NAME (type A) every 20 ms
until an answer with NOERROR and at least one record comes back, or SECONDS have passed (every 20 ms up to 100
containers, then 0.2 ms per container between rounds, so the prober sends at most 5,000 queries a second). Prints one line per
container, "NAME UPTIME" (seconds since boot, CLOCK_BOOTTIME, the clock of /proc/uptime and /proc/PID/stat), or
"NAME nan" when it never answered. One process for all containers: probing from inside each container (a busybox
loop per container) would fork thousands of nslookup processes a second with 200 containers and load the machine
the restart is measured on.
"""
import ctypes
import os
import select
import socket
import struct
import sys
import time

CLONE_NEWNET = 0x40000000
LIBC = ctypes.CDLL(None, use_errno=True)


def setns(fd):
    if LIBC.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, "setns: " + os.strerror(err))


def query(name, ident):
    """A DNS query (RFC 1035 4.1) for NAME, type A, class IN, recursion desired."""
    header = struct.pack("!HHHHHH", ident, 0x0100, 1, 0, 0, 0)
    labels = b"".join(bytes([len(p)]) + p.encode() for p in name.split(".") if p)
    return header + labels + b"\0" + struct.pack("!HH", 1, 1)


def answered(reply, ident):
    if len(reply) < 12:
        return False
    rid, flags, _, ancount = struct.unpack("!HHHH", reply[:8])
    return rid == ident and flags & 0x8000 and flags & 0x000F == 0 and ancount > 0


def open_sockets(targets):
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    sockets = {}
    try:
        for name, pid in targets:
            ns = os.open(f"/proc/{pid}/ns/net", os.O_RDONLY)
            try:
                setns(ns)
                sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                sock.setblocking(False)
                sock.connect(("127.0.0.11", 53))
                sockets[sock.fileno()] = (name, sock)
            finally:
                os.close(ns)
    finally:
        setns(home)
        os.close(home)
    return sockets


def main():
    seconds = float(sys.argv[1])
    targets = [arg.split("=", 1) for arg in sys.argv[2:]]
    pending = open_sockets(targets)
    first = {}
    poller = select.poll()
    for fd in pending:
        poller.register(fd, select.POLLIN)
    ident = os.getpid() & 0xFFFF
    interval = max(0.02, len(targets) / 5000)
    deadline = time.monotonic() + seconds
    while pending and time.monotonic() < deadline:
        for fd, (name, sock) in pending.items():
            try:
                sock.send(query(name, ident))
            except OSError:
                pass  # ECONNREFUSED from an earlier query's ICMP: nothing listens yet
        until = time.monotonic() + interval
        while pending and (left := until - time.monotonic()) > 0:
            for fd, _ in poller.poll(left * 1000):
                name, sock = pending[fd]
                try:
                    reply = sock.recv(512)
                except OSError:
                    continue
                if answered(reply, ident):
                    first[name] = time.clock_gettime(time.CLOCK_BOOTTIME)
                    poller.unregister(fd)
                    sock.close()
                    del pending[fd]
    for name, _ in targets:
        print(name, f"{first[name]:.3f}" if name in first else "nan")


if __name__ == "__main__":
    main()
