"""The server over real HTTP: uvicorn in a subprocess on 127.0.0.1, httpx as client."""

import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tiny_checkpoint):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "model.server", "--checkpoint", str(tiny_checkpoint), "--port", str(port),
         "--device", "cpu", "--max-chars", "5000", "--max-texts", "4"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.5)
    else:
        process.kill()
        raise RuntimeError("server did not start: " + process.stdout.read())
    yield url
    process.terminate()
    process.wait(timeout=30)


def test_health_reports_model_and_version(server):
    health = httpx.get(f"{server}/health").json()
    assert health["status"] == "ok" and health["version"] and health["checkpoint"].endswith("tiny")
    assert "INTERCEPT" in health["labels"]


def test_extract_one_and_many(server):
    text = "Air defences shot down 12 drones over Kyiv on Sunday."
    one = httpx.post(f"{server}/v1/extract", json={"text": text, "document_date": "2025-03-02"}, timeout=60)
    assert one.status_code == 200 and one.json()["text"] == text
    many = httpx.post(f"{server}/v1/extract", json={"texts": [text, "", "Two died."]}, timeout=60).json()
    assert [r["text"] for r in many["results"]] == [text, "", "Two died."]
    assert many["results"][0] == one.json() | {"entities": many["results"][0]["entities"], "events": many["results"][0]["events"]}


@pytest.mark.parametrize("body, status, message", [
    ({"text": "x" * 5001}, 413, "5001 characters; the limit is 5000"),
    ({"texts": ["a"] * 5}, 413, "5 texts in one request; the limit is 4"),
    ({"text": 12}, 422, "string"),
    ({"texts": ["a", None]}, 422, "string"),
    ({}, 422, "exactly one of 'text' or 'texts'"),
    ({"text": "a", "document_date": "yesterday"}, 422, "pattern"),
])
def test_limits_and_types_give_clear_json_errors(server, body, status, message):
    response = httpx.post(f"{server}/v1/extract", json=body, timeout=60)
    assert response.status_code == status
    assert message in response.text and response.headers["content-type"].startswith("application/json")


def test_twenty_concurrent_requests(server):
    texts = [f"Drone attack on Odesa number {i} injured {i} people." for i in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(lambda t: httpx.post(f"{server}/v1/extract", json={"text": t}, timeout=120), texts))
    assert [r.status_code for r in responses] == [200] * 20
    assert [r.json()["text"] for r in responses] == texts
    assert httpx.get(f"{server}/openapi.json").json()["paths"]["/v1/extract"]


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian chromium not installed")
def test_page_renders_highlights_in_headless_chromium(server, tmp_path):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=20000", "--window-size=1200,900"]
    dom = subprocess.run(["chromium", *flags, "--dump-dom", f"{server}/#run"], capture_output=True, text=True, timeout=120)
    assert '<textarea id="text">' in dom.stdout
    assert "<mark" in dom.stdout and "<table>" in dom.stdout  # spans highlighted and the event table drawn
    shot = tmp_path / "page.png"
    subprocess.run(["chromium", *flags, f"--screenshot={shot}", f"{server}/#run"], capture_output=True, timeout=120)
    assert shot.stat().st_size > 10_000
