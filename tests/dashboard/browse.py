#!/usr/bin/env python3
"""Drive headless Chromium over the DevTools protocol (--remote-debugging-pipe; Python stdlib only).

  browse.py --out DIR [--strict] URL [URL ...]
  browse.py --out DIR [--strict] --plan plan.json      (or --plan - to read it from stdin)
A plan is a JSON list of URLs or {"url": ..., "expect": ["text", ...]}. The pages load in order in one
tab of one fresh profile, so cookies set by one page are sent by the next. DIR gets NN.png full-page
screenshots, chromium.log (the browser's stderr) and report.json.
Exit: 0 report written (with --strict: and no page has a problem); 1 --strict and some page has a problem;
2 chromium missing, did not start, or died.
"""
import argparse, base64, fcntl, json, os, select, shutil, subprocess, sys, tempfile, time, urllib.parse, zlib

LOCAL = {"127.0.0.1", "localhost", "::1"}
FLAGS = ["--headless", "--remote-debugging-pipe", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-extensions", "--disable-default-apps", "--disable-quic", "--no-proxy-server",
         "--mute-audio", "--hide-scrollbars", "--password-store=basic", "--force-color-profile=srgb",
         "--disable-features=HttpsUpgrades,MediaRouter,OptimizationHints,Translate",
         # every host but loopback fails at once with ERR_NAME_NOT_RESOLVED: no DNS query, no connection
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE [::1]"]


def png_colours(data, cap=8):
    """Distinct colours of an 8-bit non-interlaced PNG (what Chromium writes), counted up to cap."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat = 8, []
    while pos < len(data):
        n, typ = int.from_bytes(data[pos:pos + 4], "big"), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        if typ == b"IHDR":
            w, h, depth, ctype, interlace = (int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big"),
                                             body[8], body[9], body[12])
        elif typ == b"IDAT":
            idat.append(body)
        pos += 12 + n
    if depth != 8 or interlace:
        raise ValueError("only 8-bit non-interlaced PNGs")
    bpp = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    raw, stride, seen = zlib.decompress(b"".join(idat)), w * bpp, set()
    prev = bytearray(stride)
    for y in range(h):  # undo the per-row filters (PNG spec 9.2); stop once cap colours are seen
        f, row = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if f == 2:
            row = bytearray((x + b) & 255 for x, b in zip(row, prev))
        elif f in (1, 3, 4):
            for i in range(stride):
                a, b, c = (row[i - bpp] if i >= bpp else 0), prev[i], (prev[i - bpp] if i >= bpp else 0)
                if f == 4:
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    a = a if pa <= pb and pa <= pc else b if pb <= pc else c
                row[i] = (row[i] + (a if f != 3 else (a + b) >> 1)) & 255
        seen.update(bytes(row[i:i + bpp]) for i in range(0, stride, bpp))
        if len(seen) >= cap:
            break
        prev = row
    return len(seen)


class CDP:
    """CDP over the pipe pair (we write chromium's fd 3, read its fd 4), NUL-framed JSON, flat sessions."""
    page = None  # the record that events go to while a page is visited

    def __init__(self, wfd, rfd):
        self.w, self.r, self.buf, self.next_id, self.results = wfd, rfd, bytearray(), 0, {}

    def send(self, method, params=None, session=None, timeout=30.0):
        self.next_id += 1
        mid, msg = self.next_id, {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode() + b"\0"
        while data:
            data = data[os.write(self.w, data):]
        deadline = time.monotonic() + timeout
        while mid not in self.results:
            if not self.pump(deadline):
                raise TimeoutError(f"{method}: no answer in {timeout}s")
        res = self.results.pop(mid)
        if "error" in res:
            raise RuntimeError(f"{method}: {res['error']}")
        return res.get("result", {})

    def pump(self, deadline):
        """Read and dispatch what arrives before deadline; False on time-out."""
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([self.r], [], [], left)[0]:
            return False
        chunk = os.read(self.r, 1 << 20)
        if not chunk:
            raise EOFError("chromium closed the DevTools pipe")
        self.buf += chunk
        while (i := self.buf.find(b"\0")) >= 0:
            m = json.loads(self.buf[:i]); del self.buf[:i + 1]
            if "id" in m:
                self.results[m["id"]] = m
            elif self.page is not None:
                on_event(self.page, m.get("method"), m.get("params", {}))
        return True


def on_event(P, method, p):
    reqs, now = P["_byid"], time.monotonic()
    if method == "Network.requestWillBeSent":
        if "redirectResponse" in p and p["requestId"] in reqs:  # a redirect hop keeps its requestId
            reqs[p["requestId"]]["status"] = p["redirectResponse"]["status"]
        url = p["request"]["url"]
        local = url.split(":")[0] in ("data", "blob", "about") or urllib.parse.urlsplit(url).hostname in LOCAL
        r = {"url": url, "type": p.get("type"), "offhost": not local}
        P["requests"].append(r); reqs[p["requestId"]] = r; P["_inflight"].add(p["requestId"]); P["_last"] = now
    elif method == "Network.responseReceived":
        if p["requestId"] in reqs:
            reqs[p["requestId"]]["status"] = p["response"]["status"]
        if p.get("type") == "Document" and p.get("frameId") == P["_frame"]:
            P["status"], P["doc_url"] = p["response"]["status"], p["response"]["url"]
    elif method in ("Network.loadingFinished", "Network.loadingFailed"):
        if method.endswith("Failed") and p["requestId"] in reqs:  # blockedReason "csp" for CSP-blocked loads
            reqs[p["requestId"]]["failed"] = p.get("blockedReason") or p.get("errorText")
        P["_inflight"].discard(p["requestId"]); P["_last"] = now
    elif method == "Runtime.consoleAPICalled":
        text = " ".join(str(a.get("value", a.get("description", a.get("type")))) for a in p.get("args", []))
        level = "error" if p["type"] in ("error", "assert") else p["type"]
        P["console"].append({"source": "console-api", "level": level, "text": text})
    elif method == "Log.entryAdded":  # CSP violations: source "security", level "error"
        e = p["entry"]
        P["console"].append({"source": e["source"], "level": e["level"], "text": e["text"], "url": e.get("url")})
    elif method == "Runtime.exceptionThrown":
        d = p["exceptionDetails"]
        P["console"].append({"source": "exception", "level": "error",
                             "text": d.get("exception", {}).get("description") or d.get("text")})
    elif method == "Page.loadEventFired":
        P["_loaded"] = True
    elif method == "Inspector.targetCrashed":
        P["problems"].append("renderer crashed")


def find_chromium(given):
    if given:  # an explicit choice is used or refused, never replaced
        return given if os.access(given, os.X_OK) else None
    # the binary itself: /usr/bin/chromium is a sh wrapper that adds flags from /etc/chromium.d
    for c in ("/usr/lib/chromium/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if c and os.access(c, os.X_OK):
            return c
    return None


def launch(exe, args, logf):
    to_chrome, from_chrome = os.pipe(), os.pipe()

    def child():  # put the pipe ends on fds 3 (chromium reads) and 4 (chromium writes)
        a, b = fcntl.fcntl(to_chrome[0], fcntl.F_DUPFD, 10), fcntl.fcntl(from_chrome[1], fcntl.F_DUPFD, 10)
        os.dup2(a, 3); os.dup2(b, 4)
    proc = subprocess.Popen([exe] + args, stdin=subprocess.DEVNULL, stdout=logf, stderr=logf, preexec_fn=child,
                            pass_fds=(3, 4), start_new_session=True)
    os.close(to_chrome[0]); os.close(from_chrome[1])
    return proc, CDP(to_chrome[1], from_chrome[0])


def visit(cdp, sid, frame, item, idx, out, timeout):
    P = {"url": item["url"], "status": None, "doc_url": None, "requests": [], "console": [], "problems": [],
         "_byid": {}, "_inflight": set(), "_loaded": False, "_last": time.monotonic(), "_frame": frame}
    cdp.page, t0 = P, time.monotonic()
    try:
        nav = cdp.send("Page.navigate", {"url": item["url"]}, sid, timeout)
    except TimeoutError:
        nav = {"errorText": f"no response in {timeout}s"}
    if nav.get("errorText"):
        P["problems"].append("navigation failed: " + nav["errorText"])
    deadline = t0 + timeout
    while time.monotonic() < deadline:  # settled: load event seen, nothing in flight, 250 ms quiet
        if P["_loaded"] and not P["_inflight"] and time.monotonic() - P["_last"] > 0.25:
            break
        cdp.pump(min(deadline, time.monotonic() + 0.05))
    else:
        pending = [r["url"] for k, r in P["_byid"].items() if k in P["_inflight"]]
        P["problems"].append(f"page did not settle in {timeout}s; still loading: {pending}")
        cdp.send("Page.stopLoading", {}, sid, timeout)
    js = "JSON.stringify({href: location.href, title: document.title, text: document.body ? document.body.innerText : ''})"
    P.update(json.loads(cdp.send("Runtime.evaluate", {"expression": js, "returnByValue": True}, sid)["result"]["value"]))
    P["cookies"] = [{k: c[k] for k in ("name", "domain", "path", "httpOnly", "sameSite") if k in c}
                    for c in cdp.send("Network.getCookies", {}, sid)["cookies"]]
    size = cdp.send("Page.getLayoutMetrics", {}, sid)["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": max(1, int(size["width"])), "height": min(16384, max(1, int(size["height"]))),
            "scale": 1}
    shot = cdp.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}, sid, timeout)
    png = base64.b64decode(shot["data"])
    P["screenshot"] = os.path.join(out, f"{idx:02d}.png")
    with open(P["screenshot"], "wb") as f:
        f.write(png)
    P["colours"] = png_colours(png)  # counted up to 8
    P["seconds"] = round(time.monotonic() - t0, 3)
    cdp.page = None
    if P["status"] is None or not 200 <= P["status"] < 400:
        P["problems"].append(f"main document status {P['status']}")
    P["problems"] += [f"off-host request: {r['url']}" for r in P["requests"] if r["offhost"]]
    P["problems"] += [f"console error ({e['source']}): {e['text']}" + (f" [{e['url']}]" if e.get("url") else "")
                      for e in P["console"] if e["level"] == "error"]
    if P["colours"] < 2:
        P["problems"].append("screenshot is blank (one colour)")
    P["problems"] += [f"text not found: {s!r}" for s in item.get("expect", []) if s not in P["text"]]
    return {k: v for k, v in P.items() if not k.startswith("_")}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True, help="directory for report.json, NN.png, chromium.log")
    ap.add_argument("--plan", help="JSON plan file, '-' for stdin")
    ap.add_argument("--strict", action="store_true", help="exit 1 when any page has a problem")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per page (default 20)")
    ap.add_argument("--size", default="1280x800", help="viewport WxH (default 1280x800)")
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM"),
                    help="browser binary (default $CHROMIUM, else /usr/lib/chromium/chromium)")
    ap.add_argument("--chrome-arg", action="append", default=[], help="one more chromium flag (repeatable)")
    ap.add_argument("urls", nargs="*")
    a = ap.parse_args()
    plan = list(a.urls) + (json.load(sys.stdin if a.plan == "-" else open(a.plan)) if a.plan else [])
    plan = [{"url": p} if isinstance(p, str) else p for p in plan]
    if not plan:
        ap.error("no URL given")
    exe = find_chromium(a.chromium)
    if not exe:
        return print(f"browse.py: no chromium binary ({a.chromium or 'apt-get install -y chromium'})", file=sys.stderr) or 2
    os.makedirs(a.out, exist_ok=True)
    width, height = (int(x) for x in a.size.split("x"))
    profile, logpath = tempfile.mkdtemp(prefix="browse-profile-"), os.path.join(a.out, "chromium.log")
    args = FLAGS + [f"--user-data-dir={profile}", f"--window-size={width},{height}", *a.chrome_arg, "about:blank"]
    if os.geteuid() == 0:
        args.insert(0, "--no-sandbox")  # as root chromium exits at once unless told to run without its sandbox
    report, rc, proc, closed, t0 = {"chromium": exe, "pages": []}, 0, None, False, time.monotonic()
    t1 = t0
    try:
        with open(logpath, "wb") as logf:
            proc, cdp = launch(exe, args, logf)
            try:
                report["version"] = cdp.send("Browser.getVersion", timeout=30)["product"]
            except (OSError, EOFError, TimeoutError) as e:
                tail = open(logpath, errors="replace").read()[-2000:]
                return print(f"browse.py: chromium did not start ({e}); log tail:\n{tail}", file=sys.stderr) or 2
            report["startup_s"] = round(time.monotonic() - t0, 3)
            tid = cdp.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            sid = cdp.send("Target.attachToTarget", {"targetId": tid, "flatten": True})["sessionId"]
            for domain in ("Page", "Network", "Runtime", "Log", "Inspector"):
                cdp.send(domain + ".enable", {}, sid)
            cdp.send("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}, sid)
            frame = cdp.send("Page.getFrameTree", {}, sid)["frameTree"]["frame"]["id"]
            for i, item in enumerate(plan):
                try:
                    report["pages"].append(visit(cdp, sid, frame, item, i, a.out, a.timeout))
                except (TimeoutError, RuntimeError, OSError, EOFError, KeyError, ValueError) as e:
                    cdp.page = None  # record it and go on, unless chromium is gone
                    report["pages"].append({"url": item["url"], "status": None, "href": None, "seconds": None,
                                            "problems": [f"harness: {type(e).__name__}: {e}"]})
                    if isinstance(e, (EOFError, BrokenPipeError)):  # chromium is gone
                        rc = 2; break
            t1 = time.monotonic()
            try:
                cdp.send("Browser.close", timeout=5)
                closed = True
            except (OSError, EOFError, TimeoutError, RuntimeError):
                pass
    finally:
        if proc:
            try:
                proc.wait(5 if closed else 0.1)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9); proc.wait()
            report["close_s"] = round(time.monotonic() - t1, 3)
        shutil.rmtree(profile, ignore_errors=True)
    report["total_s"] = round(time.monotonic() - t0, 3)
    report["ok"] = rc == 0 and not any(p["problems"] for p in report["pages"])
    with open(os.path.join(a.out, "report.json"), "w") as f:
        json.dump(report, f, indent=1)
    for p in report["pages"]:
        print(f"{'ok  ' if not p['problems'] else 'FAIL'} {p['status']} {p['url']} -> {p['href']} ({p['seconds']}s)")
        for problem in p["problems"]:
            print("     " + problem)
    return rc or (1 if a.strict and not report["ok"] else 0)


if __name__ == "__main__":
    sys.exit(main())
