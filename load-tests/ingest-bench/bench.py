#!/usr/bin/env python3
"""Ingest benchmark driver (started by run.sh): the server's own CPU and RSS per live RTMP publisher.

For each point (server mode x publisher count x repeat) it starts a fresh server, lets N ffmpeg
processes publish the same pre-encoded FLV clip in real time (-re -stream_loop -1 -c copy), waits a
warm-up, then reads utime+stime of the server process (all its threads; for nginx master + workers)
from /proc/<pid>/stat over the steady-state window, and VmRSS at its end. Publishers are not
counted. Each point is checked: every publisher still running, every stream writing HLS.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")
TOKEN = "ingest-bench-token-0123456789abcdef"  # api.token needs 32 characters or more
MODES = {
    "captiond-ingest": "captiond, RTMP receive + HLS remux (rtmp.decode_audio: false)",
    "captiond-vad": "captiond, RTMP receive + HLS remux + AAC decode + Silero VAD (node.roles [api]: no ASR)",
    "nginx-rtmp": "nginx-rtmp (libnginx-mod-rtmp), RTMP receive + HLS (hls on)",
}


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
        except FileNotFoundError:
            pass
    return total


THREAD_GROUPS = [  # (prefix of /proc/<pid>/task/<tid>/comm, group); comm is cut at 15 characters
    ("rtmp-hls-", "HLS remux (rtmp-hls-*)"),
    ("rtmp-audio-", "AAC decode (rtmp-audio-*)"),
    ("multiThreadIoEv", "RTMP receive (Netty event loops)"),
    ("captiond-vad-ba", "VAD batcher (one ONNX call per tick)"),
    ("vert.x-worker", "Vert.x workers (blocking: subtitle segment writes and playlist reads, VAD when unbatched)"),
    ("vert.x-eventlo", "Vert.x event loops (sessions, API)"),
    ("vert.x-interna", "Vert.x internal blocking"),
    ("GC Thread", "GC"), ("G1 ", "GC"), ("VM Periodic", "JVM other"),
    ("C2 CompilerThr", "JIT"), ("C1 CompilerThr", "JIT"),
]


def thread_ticks(pid):
    """utime+stime per thread group of one process (threads that ended are not counted)."""
    groups = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return groups
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/comm") as f:
                comm = f.read().strip()
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        group = next((g for prefix, g in THREAD_GROUPS if comm.startswith(prefix)), None)
        if group is None:
            group = "other: " + comm.rstrip("0123456789#-").strip()
        groups[(group, tid)] = int(fields[11]) + int(fields[12])
    return groups


def thread_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/task"))
    except FileNotFoundError:
        return None


def streams_per_publisher(args, n):
    """Streams one ffmpeg process publishes: --streams-per-publisher, or by default 1 up to N = 50
    (as the 2026-11-28 runs) and 10 above, so that N = 200 costs 20 processes, not 200."""
    if args.streams_per_publisher:
        return args.streams_per_publisher
    return 1 if n <= 50 else 10


def publisher_command(clip, urls):
    """One ffmpeg reading the clip once in real time and copying it to every URL (one FLV output each)."""
    cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-re", "-stream_loop", "-1", "-i", clip]
    for url in urls:
        cmd += ["-map", "0", "-c", "copy", "-f", "flv", url]
    return cmd


def rss_kb(pids):
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def children(pid):
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                if ppid == pid:
                    out.append(int(entry))
            except (FileNotFoundError, ProcessLookupError, ValueError):
                pass
    return out


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def stop(proc, timeout=15):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def api(port, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Authorization": f"Bearer {TOKEN}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"null")


def make_clip(work, speech, seconds):
    """Speech as AAC 48 kHz stereo 128k + 640x360 25 fps H.264 (2 s GOP): an ordinary encoder's output."""
    clip = os.path.join(work, "clip.flv")
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y",
                    "-stream_loop", "-1", "-i", speech,
                    "-f", "lavfi", "-i", f"testsrc2=size=640x360:rate=25:duration={seconds}",
                    "-map", "0:a", "-map", "1:v", "-t", str(seconds),
                    "-c:a", "aac", "-b:a", "128k", "-ar", "48000", "-ac", "2",
                    "-c:v", "libx264", "-preset", "veryfast", "-b:v", "600k", "-maxrate", "600k",
                    "-bufsize", "1200k", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0",
                    "-pix_fmt", "yuv420p", "-f", "flv", clip], check=True)
    return clip


class Captiond:
    def __init__(self, root, work, vad_model, decode, java_opts):
        self.root, self.decode = root, decode
        self.dir = tempfile.mkdtemp(prefix="captiond-", dir=work)
        self.http, self.rtmp = free_port(), free_port()
        conf = os.path.join(self.dir, "captiond.yaml")
        with open(conf, "w") as f:
            f.write(f"""http:
  port: {self.http}
  host: 127.0.0.1
rtmp:
  port: {self.rtmp}
  host: 127.0.0.1
  public_host: 127.0.0.1
  max_connections_per_ip: 1000
  decode_audio: {'true' if decode else 'false'}
hls_out:
  enabled: true
  segment_seconds: 2
  window_segments: 6
data:
  dir: {self.dir}/data
api:
  token: {TOKEN}
vad:
  model: {vad_model}
node:
  roles: [api]
""")
        self.logf = open(os.path.join(self.dir, "captiond.log"), "w")
        self.proc = subprocess.Popen(["java", *java_opts, "-jar", os.path.join(root, "target/captiond.jar"),
                                      "--config", conf], cwd=self.dir, stdout=self.logf,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_port(self.http, self.proc)
        wait_port(self.rtmp, self.proc)
        self.streams = []

    def pids(self):
        return [self.proc.pid]

    def publish_urls(self, n):
        urls = []
        for i in range(n):
            s = api(self.http, "POST", "/api/streams",
                    {"name": f"bench{i}", "source": {"type": "rtmp"}, "language": "en"})
            self.streams.append(s["id"])
            urls.append(s["publish"])
        return urls

    def hls_ok(self):
        return sum(os.path.isfile(os.path.join(self.dir, "data/streams", sid, "hls/index.m3u8"))
                   for sid in self.streams)

    def audio_ok(self):
        """Streams whose session has received decoded audio (decode mode), from the API."""
        live = 0
        for sid in self.streams:
            st = api(self.http, "GET", f"/api/streams/{sid}")
            if st.get("state") == "live":
                live += 1
        return live

    def metric(self, name):
        """Sum of a Prometheus series over its labels, from /metrics."""
        req = urllib.request.Request(f"http://127.0.0.1:{self.http}/metrics",
                                     headers={"Authorization": f"Bearer {TOKEN}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            text = r.read().decode()
        total = 0.0
        for line in text.splitlines():
            if line.startswith(name + "{") or line.startswith(name + " "):
                total += float(line.rsplit(" ", 1)[1])
        return total

    def close(self):
        stop(self.proc)
        self.logf.close()


class NginxRtmp:
    def __init__(self, nginx, work):
        self.dir = tempfile.mkdtemp(prefix="nginx-", dir=work)
        self.rtmp = free_port()
        self.hls = os.path.join(self.dir, "hls")
        os.makedirs(self.hls)
        os.makedirs(os.path.join(self.dir, "tmp"))
        # nginx's worker runs as nobody when started by root: let it reach and write the HLS folder
        for d in (work, self.dir):
            os.chmod(d, 0o755)
        os.chmod(self.hls, 0o777)
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process on;
worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
events {{ worker_connections 4096; }}
rtmp {{
  server {{
    listen 127.0.0.1:{self.rtmp};
    chunk_size 4096;
    application live {{
      live on;
      record off;
      hls on;
      hls_path {self.hls};
      hls_fragment 2s;
      hls_playlist_length 12s;
    }}
  }}
}}
""")
        self.logf = open(os.path.join(self.dir, "stdout.log"), "w")
        self.proc = subprocess.Popen([nginx, "-p", self.dir, "-c", conf, "-e", f"{self.dir}/error.log"],
                                     stdout=self.logf, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_port(self.rtmp, self.proc)
        self.names = []

    def pids(self):
        return [self.proc.pid, *children(self.proc.pid)]

    def publish_urls(self, n):
        self.names = [f"bench{i}" for i in range(n)]
        return [f"rtmp://127.0.0.1:{self.rtmp}/live/{name}" for name in self.names]

    def hls_ok(self):
        return sum(os.path.isfile(os.path.join(self.hls, f"{name}.m3u8")) for name in self.names)

    def close(self):
        stop(self.proc)
        self.logf.close()


def measure(args, mode, n, clip, work):
    if mode == "nginx-rtmp":
        server = NginxRtmp(args.nginx, work)
    else:
        server = Captiond(args.root, work, args.vad_model, mode == "captiond-vad", args.java_opts)
    publishers = []
    try:
        time.sleep(2)
        idle_rss = rss_kb(server.pids())
        urls = server.publish_urls(n)
        per = streams_per_publisher(args, n)
        for at in range(0, 0 if args.unpublished else n, per):
            publishers.append(subprocess.Popen(
                publisher_command(clip, urls[at:at + per]),
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=open(os.path.join(work, f"publisher-{mode}-{n}.log"), "a")))
            time.sleep(0.05 * min(per, 10))  # no thundering herd of handshakes
        time.sleep(args.warmup)
        pids = server.pids()
        pub_pids = [p.pid for p in publishers]
        p0 = cpu_ticks(pub_pids)
        load_before = loadavg()
        captiond = isinstance(server, Captiond)
        vad0 = server.metric("captiond_vad_seconds_count") if captiond else 0
        th0 = thread_ticks(pids[0]) if captiond else {}
        t0, c0 = time.monotonic(), cpu_ticks(pids)
        time.sleep(args.seconds)
        t1, c1 = time.monotonic(), cpu_ticks(pids)
        p1 = cpu_ticks(pub_pids)
        th1 = thread_ticks(pids[0]) if captiond else {}
        threads = {}
        for key, ticks in th1.items():
            threads[key[0]] = threads.get(key[0], 0) + ticks - th0.get(key, 0)
        threads = {g: 100.0 * t / TICKS / (t1 - t0) for g, t in threads.items()}
        vad1 = server.metric("captiond_vad_seconds_count") if captiond else 0
        dropped = server.metric("captiond_rtmp_dropped_total") if captiond else None
        rss = rss_kb(server.pids())
        load_after = loadavg()
        # a publisher process carries `per` streams (the last one possibly fewer)
        alive = sum(min(per, n - i * per) for i, p in enumerate(publishers) if p.poll() is None)
        hls = server.hls_ok()
        audio = server.audio_ok() if mode == "captiond-vad" else None
        cpu = 100.0 * (c1 - c0) / TICKS / (t1 - t0)
        # VAD keep-up: chunks (pull.chunk_ms 100 ms) judged in the window / chunks that arrived in real time
        vad_keep = (vad1 - vad0) / (n * (t1 - t0) * 10) if mode == "captiond-vad" and not args.unpublished else None
        return {"mode": mode, "n": n, "cpu": cpu, "rss_mb": rss / 1024, "idle_rss_mb": idle_rss / 1024,
                "alive": alive, "hls": hls, "audio": audio, "dropped": dropped, "vad_keep": vad_keep,
                "threads": threads, "publisher_cpu": 100.0 * (p1 - p0) / TICKS / (t1 - t0),
                "publisher_procs": len(publishers), "threads_total": thread_count(pids[0]),
                "load": f"{load_before} -> {load_after}"}
    finally:
        for p in publishers:
            if p.poll() is None:
                p.terminate()
        for p in publishers:
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()
        server.close()


def machine(args):
    def run(cmd):
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
            return (r.stdout + r.stderr).strip()
        except Exception as e:  # noqa: BLE001 - only descriptive
            return f"? ({e})"
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem_kb = int(f.readline().split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "kernel": platform.release(),
        "java": run(["java", "-version"]).splitlines()[0],
        "nginx": run([args.nginx, "-v"]),
        "nginx-rtmp": run(["dpkg-query", "-W", "-f", "${Version}", "libnginx-mod-rtmp"]),
        "ffmpeg": run(["ffmpeg", "-version"]).splitlines()[0],
        "git": run(["git", "-C", args.root, "rev-parse", "--short", "HEAD"]),
    }


def fmt(x, digits=2):
    return "-" if x is None else f"{x:.{digits}f}"


def report(args, results, info, started, load_start, load_end, clip_info):
    lines = []
    date = started.strftime("%Y-%m-%d %H:%M UTC")
    lines.append(f"# Ingest benchmark, {date}")
    lines.append("")
    lines.append("CPU and memory of the **server process only** (publishers not counted) per live RTMP publisher. "
                 f"Each point: a fresh server, N RTMP publishers of one clip (ffmpeg `-re -stream_loop -1 -c copy`, one process per stream up to N = 50, ten above, unless `--streams-per-publisher`), "
                 f"{args.warmup:g} s warm-up, then CPU = utime+stime from `/proc/<pid>/stat` over {args.seconds:g} s "
                 f"(all threads; nginx: master + workers), RSS = VmRSS at the end of the window. "
                 f"Median of {args.repeats} repeats (points interleaved across modes). CPU % is of one core.")
    lines.append("")
    if args.unpublished:
        lines.append("**Unpublished (`--unpublished`): the N streams are created but nothing is published**: what "
                     "the server costs with no media, its fixed cost (N = 0: the bare server). \"/ stream\" is the "
                     "total divided by N; the publisher and HLS checks read 0 by design.")
        lines.append("")
    lines.append(f"Command: `load-tests/ingest-bench/run.sh {' '.join(args.argv)}`".rstrip())
    lines.append("")
    lines.append("Machine: " + ", ".join(f"{k}: {v}" for k, v in info.items())
                 + f"; load average at start {load_start}, at end {load_end}. "
                 "The machine is shared with other work and noisy: the repeats' spread is in the raw table.")
    lines.append("")
    lines.append(f"Clip: {clip_info}")
    lines.append("")
    lines.append(f"VAD model (vad.model): `{os.path.basename(args.vad_model) if args.vad_model else '-'}`")
    lines.append("")
    lines.append("Servers:")
    for mode in args.modes:
        lines.append(f"- `{mode}`: {MODES[mode]}")
    lines.append("")
    lines.append("| N | server | CPU % total | CPU % / stream | RSS MB total | RSS MB / stream | idle RSS MB "
                 "| RSS MB / stream above idle | CPU ratio to nginx | RSS ratio to nginx | publishers up / HLS out "
                 "| server threads |")
    lines.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    medians = {}
    for n in args.publishers:
        for mode in args.modes:
            rs = [r for r in results if r["mode"] == mode and r["n"] == n]
            if not rs:
                continue
            medians[(mode, n)] = {
                "cpu": statistics.median(r["cpu"] for r in rs),
                "rss": statistics.median(r["rss_mb"] for r in rs),
                "idle": statistics.median(r["idle_rss_mb"] for r in rs),
                "alive": min(r["alive"] for r in rs), "hls": min(r["hls"] for r in rs),
                "threads": max((r.get("threads_total") or 0) for r in rs),
            }
    for n in args.publishers:
        ref = medians.get(("nginx-rtmp", n))
        for mode in args.modes:
            m = medians.get((mode, n))
            if m is None:
                continue
            cr = m["cpu"] / ref["cpu"] if ref and ref["cpu"] > 0 and mode != "nginx-rtmp" else None
            rr = m["rss"] / ref["rss"] if ref and ref["rss"] > 0 and mode != "nginx-rtmp" else None
            lines.append(f"| {n} | {mode} | {fmt(m['cpu'])} | {fmt(m['cpu'] / (n or 1), 3)} | {fmt(m['rss'], 1)} | "
                         f"{fmt(m['rss'] / (n or 1), 2)} | {fmt(m['idle'], 1)} | {fmt((m['rss'] - m['idle']) / (n or 1), 2)} | "
                         f"{fmt(cr, 1)}{'x' if cr else ''} | "
                         f"{fmt(rr, 1)}{'x' if rr else ''} | {m['alive']}/{n} / {m['hls']}/{n} | "
                         f"{m['threads'] or '-'} |")
    lines.append("")
    lines.append("What the publishers cost (not counted above; they share the cores with the servers): "
                 + "; ".join(f"N={n}: {statistics.median(r['publisher_cpu'] for r in results if r['n'] == n):.1f}% "
                             f"of a core in {max(r['publisher_procs'] for r in results if r['n'] == n)} ffmpeg "
                             f"processes ({streams_per_publisher(args, n)} streams each)"
                             for n in args.publishers) + ".")
    lines.append("")
    vad = [(n, medians[("captiond-vad", n)]["cpu"] / n) for n in args.publishers
           if ("captiond-vad", n) in medians and not args.unpublished]
    if vad:
        worst = max(v for _, v in vad)
        verdict = "MET" if worst <= 1.0 else "NOT MET"
        lines.append(f"DESIGN budget (ingest + decode + VAD <= 1% of one core per live stream): **{verdict}** "
                     "here: captiond-vad per stream " + ", ".join(f"{v:.2f}% at N={n}" for n, v in vad) + ".")
        lines.append("")
        big_ns = [n for n in args.publishers if n >= 100 and ("captiond-vad", n) in medians]
        if big_ns:
            ok = all(medians[("captiond-vad", n)]["cpu"] / n <= 0.5 and medians[("captiond-vad", n)]["rss"] / n <= 5.0
                     for n in big_ns)
            lines.append(f"Issue 15 target (ingest + decode + VAD <= 0.5% of one core and RSS <= 5 MB per stream at "
                         f"N = 100 and 200): **{'MET' if ok else 'NOT MET'}** here: "
                         + ", ".join(f"{medians[('captiond-vad', n)]['cpu'] / n:.2f}% and "
                                     f"{medians[('captiond-vad', n)]['rss'] / n:.1f} MB at N={n}" for n in big_ns) + ".")
            lines.append("")
    groups = sorted({g for r in results for g in r.get("threads", {})})
    big = max(args.publishers)
    cmodes = [m for m in args.modes if m.startswith("captiond") and any(r["mode"] == m and r["n"] == big for r in results)]
    if groups and cmodes:
        lines.append(f"Where captiond's CPU goes at N={big} (% of one core, median of repeats, by thread name; "
                     "threads that ended within the window are not counted):")
        lines.append("")
        lines.append("| thread group | " + " | ".join(cmodes) + " |")
        lines.append("|---|" + "---:|" * len(cmodes))
        rows = []
        for g in groups:
            vals = [statistics.median(r["threads"].get(g, 0.0) for r in results if r["mode"] == m and r["n"] == big)
                    for m in cmodes]
            rows.append((g, vals))
        rows.sort(key=lambda row: -max(row[1]))
        for g, vals in rows:
            if max(vals) >= 0.05:
                lines.append(f"| {g} | " + " | ".join(f"{v:.2f}" for v in vals) + " |")
        lines.append("")
    lines.append("Raw repeats:")
    lines.append("")
    lines.append("| N | server | repeat | CPU % | RSS MB | idle RSS MB | publishers up | HLS out | audio live | VAD keep-up | packets dropped | publishers' CPU % | load avg (1/5/15) before -> after |")
    lines.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in results:
        lines.append(f"| {r['n']} | {r['mode']} | {r['repeat']} | {r['cpu']:.2f} | {r['rss_mb']:.1f} | "
                     f"{r['idle_rss_mb']:.1f} | {r['alive']} | {r['hls']} | "
                     f"{'-' if r['audio'] is None else r['audio']} | "
                     f"{'-' if r['vad_keep'] is None else format(r['vad_keep'], '.0%')} | "
                     f"{'-' if r['dropped'] is None else int(r['dropped'])} | {r['publisher_cpu']:.1f} | {r['load']} |")
    lines.append("")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--root", required=True)
    p.add_argument("--nginx", default="/usr/sbin/nginx")
    p.add_argument("--publishers", default="1,10,50")
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--warmup", type=float, default=15)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--modes", default="captiond-ingest,captiond-vad,nginx-rtmp")
    p.add_argument("--out", default=None, help="folder of the result file (default load-tests/results)")
    p.add_argument("--speech", default=None, help="speech file for the clip's audio (default: the JFK fixture)")
    p.add_argument("--vad-model", default=None)
    p.add_argument("--java-opts", default="", help="extra JVM options for captiond (default: none, as README runs it)")
    p.add_argument("--streams-per-publisher", type=int, default=0,
                   help="RTMP streams each ffmpeg publisher process sends (default: 1 up to N=50, 10 above)")
    p.add_argument("--unpublished", action="store_true",
                   help="create the N streams but publish nothing: the server's fixed cost (N may be 0)")
    p.add_argument("--keep", action="store_true", help="keep the temp folder (server logs, HLS output)")
    argv = sys.argv[1:]
    args = p.parse_args()
    args.argv = [a for i, a in enumerate(argv)
                 if a not in ("--root", "--nginx") and (i == 0 or argv[i - 1] not in ("--root", "--nginx"))]
    args.publishers = [int(x) for x in args.publishers.split(",") if x]
    args.modes = [m for m in args.modes.split(",") if m]
    for m in args.modes:
        if m not in MODES:
            p.error(f"unknown mode {m}; modes are {', '.join(MODES)}")
    args.java_opts = args.java_opts.split()
    root = args.root
    args.speech = args.speech or os.path.join(root, "src", "test", "data", "speech", "jfk.wav")
    if not os.path.isfile(args.speech):
        p.error(f"no speech file at {args.speech}; pass --speech FILE (any speech FFmpeg reads)")
    if args.vad_model is None:
        # the batched rewrite when it is there (same probabilities within 1e-5, half the CPU per frame)
        for cand in (os.path.join(root, "models", "silero_vad_v5_batched.onnx"),
                     os.path.join(root, "models", "silero_vad_v5.onnx")):
            if os.path.isfile(cand):
                args.vad_model = cand
                break
    if any(m.startswith("captiond") for m in args.modes) and not args.vad_model:
        p.error("no Silero VAD model: run models/fetch-models.sh silero-vad, or pass --vad-model FILE")
    args.vad_model = os.path.abspath(args.vad_model) if args.vad_model else None
    out = args.out or os.path.join(root, "load-tests", "results")
    os.makedirs(out, exist_ok=True)

    started = datetime.datetime.now(datetime.timezone.utc)
    load_start = loadavg()
    info = machine(args)
    work = tempfile.mkdtemp(prefix="ingest-bench-")
    log(f"work folder {work}")
    try:
        clip = make_clip(work, args.speech, 30)
        probe = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=bit_rate,duration",
                                "-of", "default=nw=1", clip], capture_output=True, text=True).stdout.split()
        clip_info = (f"30 s FLV, speech ({os.path.basename(args.speech)}, looped) as AAC-LC 48 kHz stereo 128 kb/s "
                     f"+ testsrc2 640x360 25 fps H.264 ~600 kb/s, 2 s GOP ({' '.join(probe)}); "
                     "every publisher sends the same bytes to either server.")
        results = []
        total = len(args.publishers) * len(args.modes) * args.repeats
        done = 0
        for rep in range(1, args.repeats + 1):
            for n in args.publishers:
                for mode in args.modes:
                    done += 1
                    log(f"[{done}/{total}] {mode} N={n} repeat {rep} (load {loadavg()})")
                    r = measure(args, mode, n, clip, work)
                    r["repeat"] = rep
                    results.append(r)
                    log(f"    cpu {r['cpu']:.2f}% ({r['cpu'] / (n or 1):.3f}%/stream), rss {r['rss_mb']:.1f} MB, "
                        f"publishers up {r['alive']}/{n}, hls {r['hls']}/{n}"
                        + ("" if r["audio"] is None else f", audio live {r['audio']}/{n}")
                        + ("" if r["vad_keep"] is None else f", VAD keep-up {r['vad_keep']:.0%}")
                        + ("" if r["dropped"] is None else f", dropped {int(r['dropped'])}"))
        text = report(args, results, info, started, load_start, loadavg(), clip_info)
        path = os.path.join(out, f"ingest-{started.strftime('%Y-%m-%d')}.md")
        with open(path, "w") as f:
            f.write(text)
        print(text)
        log(f"written {path}")
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
