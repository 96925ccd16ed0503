#!/usr/bin/env python3
"""What a browser downloads for the dashboard's first view: every response and the websocket's
messages, on the wire and unpacked, measured by Chromium itself (DevTools Network events).

    python3 scripts/wire_bytes.py --url http://127.0.0.1:8501            # Streamlit directly
    python3 scripts/wire_bytes.py --url http://127.0.0.1:8080 --repeat   # through nginx, and a second visit

The page (`--path`, default `ringkasan`, the QR code's Overview) is opened in a fresh browser
context (empty cache) and watched until the script run has finished, every chart has drawn and the
network is idle. "Wire" is what crossed the connection for a response, headers included
(`encodedDataLength`); "unpacked" is its body after decompression. The websocket's frames are
counted unpacked; when the server agreed to compress them (permessage-deflate), their wire size is
estimated by compressing them the same way (one deflate stream per direction, as the extension does).
`--repeat` then opens the same address again in the same context, as a returning visitor.

Only servers on this machine (loopback addresses) are measured; nothing else is contacted.
"""

from __future__ import annotations

import argparse
import base64
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RUN_FINISHED = '[data-testid="stApp"][data-test-script-state="notRunning"]'
PLOTS_DRAWN = """() => {
    const plots = [...document.querySelectorAll('.js-plotly-plot')];
    return plots.length > 0 && plots.every(p => p.querySelector('.trace, .hm, .sankey'));
}"""
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Response:
    url: str
    kind: str
    encoding: str = ""
    cached: bool = False
    wire: int = 0
    unpacked: int = 0


@dataclass
class Visit:
    responses: dict[str, Response] = field(default_factory=dict)
    frames_received: list[bytes] = field(default_factory=list)
    frames_sent: list[bytes] = field(default_factory=list)
    deflate: bool = False

    def listen(self, cdp) -> None:
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.dataReceived", self._data)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.webSocketHandshakeResponseReceived", self._handshake)
        cdp.on("Network.webSocketFrameReceived", lambda e: self.frames_received.append(_payload(e)))
        cdp.on("Network.webSocketFrameSent", lambda e: self.frames_sent.append(_payload(e)))

    def _response(self, event: dict) -> None:
        response = event["response"]
        headers = {name.lower(): value for name, value in response.get("headers", {}).items()}
        self.responses[event["requestId"]] = Response(
            url=response["url"], kind=event.get("type", "Other"), encoding=headers.get("content-encoding", ""),
            cached=bool(response.get("fromDiskCache") or response.get("fromMemoryCache")))

    def _data(self, event: dict) -> None:
        if event["requestId"] in self.responses:
            self.responses[event["requestId"]].unpacked += event["dataLength"]

    def _finished(self, event: dict) -> None:
        if event["requestId"] in self.responses:
            self.responses[event["requestId"]].wire = int(event["encodedDataLength"])

    def _handshake(self, event: dict) -> None:
        headers = {name.lower(): value for name, value in event["response"].get("headers", {}).items()}
        self.deflate = "permessage-deflate" in headers.get("sec-websocket-extensions", "")

    def rows(self) -> dict[str, list[int]]:
        """kind -> [requests, wire bytes, unpacked bytes]; the websocket as one row per direction."""
        table: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for response in self.responses.values():
            row = table[response.kind]
            row[0] += 1
            row[1] += response.wire
            row[2] += response.unpacked
        for name, frames in (("websocket, received", self.frames_received), ("websocket, sent", self.frames_sent)):
            if frames:
                unpacked = sum(len(f) for f in frames)
                table[name] = [len(frames), _deflated(frames) if self.deflate else unpacked, unpacked]
        return dict(table)


def _payload(event: dict) -> bytes:
    frame = event["response"]
    data = frame.get("payloadData", "")
    return base64.b64decode(data) if frame.get("opcode") == 2 else data.encode()


def _deflated(frames: list[bytes]) -> int:
    """Bytes of the frames compressed as permessage-deflate does it with context takeover: one raw
    deflate stream, flushed after every message, its last four bytes (00 00 ff ff) left off."""
    stream = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return sum(len(stream.compress(frame) + stream.flush(zlib.Z_SYNC_FLUSH)) - 4 for frame in frames)


def visit(context, url: str, timeout_ms: int) -> Visit:
    tab = context.new_page()
    cdp = context.new_cdp_session(tab)
    cdp.send("Network.enable")
    seen = Visit()
    seen.listen(cdp)
    tab.goto(url, wait_until="load", timeout=timeout_ms)
    tab.wait_for_selector(RUN_FINISHED, state="attached", timeout=timeout_ms)
    tab.wait_for_function(PLOTS_DRAWN, timeout=timeout_ms)
    tab.wait_for_load_state("networkidle", timeout=timeout_ms)
    tab.close()
    return seen


def report(title: str, seen: Visit) -> None:
    print(title)
    print(f"  {'kind':<22} {'requests':>8} {'wire':>12} {'unpacked':>12}")
    totals = [0, 0, 0]
    for kind, row in sorted(seen.rows().items(), key=lambda item: -item[1][2]):
        print(f"  {kind:<22} {row[0]:>8} {row[1]:>12,} {row[2]:>12,}")
        totals = [a + b for a, b in zip(totals, row, strict=True)]
    print(f"  {'total':<22} {totals[0]:>8} {totals[1]:>12,} {totals[2]:>12,}"
          f"   ({totals[1] / 1e6:.2f} MB on the wire, {totals[2] / 1e6:.2f} MB unpacked)")
    biggest = max(seen.responses.values(), key=lambda r: r.unpacked, default=None)
    if biggest:
        print(f"  largest: {urlsplit(biggest.url).path} {biggest.unpacked:,} unpacked, {biggest.wire:,} on the "
              f"wire ({biggest.encoding or 'not compressed'})")
    from_cache = sum(1 for r in seen.responses.values() if r.cached)
    print(f"  from the browser's cache: {from_cache} responses; websocket compressed: {'yes' if seen.deflate else 'no'}"
          + (" (its wire size estimated)" if seen.deflate else ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="a running dashboard on this machine, e.g. http://127.0.0.1:8501")
    parser.add_argument("--path", default="ringkasan", help="the page to open (default: ringkasan, the Overview)")
    parser.add_argument("--query", default="", help="filter parameters, e.g. 'regency=1571&lang=en'")
    parser.add_argument("--repeat", action="store_true", help="then open it again with the browser's cache")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for the view (default 120)")
    args = parser.parse_args(argv)
    if urlsplit(args.url).hostname not in LOOPBACK:
        parser.error("only a server on this machine (127.0.0.1, localhost) is measured")
    from playwright.sync_api import sync_playwright

    address = f"{args.url.rstrip('/')}/{args.path}" + (f"?{args.query}" if args.query else "")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        report(f"First visit: {address}", visit(context, address, int(args.timeout * 1000)))
        if args.repeat:
            report(f"Second visit, same browser: {address}", visit(context, address, int(args.timeout * 1000)))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
