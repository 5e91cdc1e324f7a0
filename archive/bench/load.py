"""A small HTTP load generator for the benchmark, run as its own process so that it does not
share an interpreter with the server it measures:

    python -m archive.bench.load PORT SECONDS CONCURRENCY < paths.txt

Each thread sends the paths (one per line, cycled) as plain HTTP/1.0 GETs, one connection per
request, as gunicorn's sync workers expect. Prints one JSON line: requests, seconds, requests/s
and the count of each status.
"""

import json
import socket
import sys
import threading
import time
from collections import Counter


def fetch(port: int, request: bytes) -> str:
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        connection.sendall(request)
        head = connection.recv(65536)
        while connection.recv(65536):
            pass
    return head[9:12].decode("ascii", "replace") if head.startswith(b"HTTP/") else "none"


def run(port: int, seconds: float, concurrency: int, paths: list[str]) -> dict:
    requests = [f"GET {p} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode() for p in paths]
    statuses: Counter = Counter()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        counts: Counter = Counter()
        n = offset
        while time.perf_counter() < deadline:
            try:
                counts[fetch(port, requests[n % len(requests)])] += 1
            except OSError as error:
                counts[type(error).__name__] += 1
            n += 1
        with lock:
            statuses.update(counts)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i * 7,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    total = sum(statuses.values())
    return {"requests": total, "seconds": elapsed, "requests/s": total / elapsed, "statuses": statuses}


if __name__ == "__main__":
    port, seconds, concurrency = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
    paths = [line.strip() for line in sys.stdin if line.strip()]
    print(json.dumps(run(port, seconds, concurrency, paths)))
