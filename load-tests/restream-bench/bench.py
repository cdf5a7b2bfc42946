#!/usr/bin/env python3
"""Restream benchmark driver (started by run.sh): captiond's CPU for one live RTMP stream pushed to K
restream outputs, with CEA-608 embedding (captions: cea608, and hls_out.embedded_captions) and without
(captions: none, our own pass-through), beside ffmpeg -c copy pushing the same clip to the same K
outputs (the tee muxer), all to one nginx-rtmp started here. CPU is utime+stime of the measured
process from /proc/<pid>/stat over a steady window after a warm-up; nginx's CPU is shown apart.
"""

import argparse
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")
TOKEN = "restream-bench-token-0123456789abcdef"
MODULE = "/usr/lib/nginx/modules/ngx_rtmp_module.so"


def log(msg):
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port} after {seconds} s")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def stop(proc):
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def api(port, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                 headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read().decode() or "{}")


def make_clip(work, speech, seconds):
    clip = os.path.join(work, "clip.flv")
    if not os.path.isfile(clip):
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-stream_loop", "-1", "-i", speech, "-f", "lavfi", "-i",
                        "testsrc2=size=640x360:rate=30", "-t", str(seconds), "-map", "0:a", "-map", "1:v",
                        "-c:a", "aac", "-ar", "48000", "-ac", "2", "-b:a", "128k", "-c:v", "libx264", "-preset",
                        "veryfast", "-b:v", "600k", "-g", "60", "-pix_fmt", "yuv420p", "-f", "flv", clip], check=True)
    return clip


class Nginx:
    def __init__(self, nginx, work):
        self.dir = tempfile.mkdtemp(prefix="nginx-", dir=work)
        self.port = free_port()
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""daemon off;
master_process off;
worker_processes 1;
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
load_module {MODULE};
events {{ worker_connections 1024; }}
rtmp {{ server {{ listen 127.0.0.1:{self.port}; application live {{ live on; }} }} }}
""")
        self.proc = subprocess.Popen([nginx, "-e", f"{self.dir}/error.log", "-p", self.dir, "-c", conf],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        wait_port(self.port, self.proc)

    def url(self, key):
        return f"rtmp://127.0.0.1:{self.port}/live/{key}"


class Captiond:
    def __init__(self, root, work, vad_model, embed):
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
  decode_audio: false
hls_out:
  enabled: true
  embedded_captions: {'true' if embed else 'false'}
restream:
  max_outputs: 100
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
        self.proc = subprocess.Popen(["java", "-jar", os.path.join(root, "target/captiond.jar"), "--config", conf],
                                     cwd=self.dir, stdout=self.logf, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        wait_port(self.http, self.proc)
        wait_port(self.rtmp, self.proc)

    def create(self, outputs):
        s = api(self.http, "POST", "/api/streams", {"name": "bench", "source": {"type": "rtmp"}, "language": "en",
                                                     "outputs": outputs})
        self.stream = s["id"]
        return s["publish"]

    def outputs_check(self, k):
        """How many outputs are live and what they send together (kb/s over the last seconds)."""
        outputs = api(self.http, "GET", f"/api/streams/{self.stream}").get("outputs", [])
        live = sum(1 for o in outputs if o.get("state") == "live")
        kbps = sum(o.get("bitrate", 0) for o in outputs) / 1000
        return f"outputs live: {live}/{k}, {kbps:.0f} kb/s sent"


def measure(pid, nginx_pid, warmup, seconds, check):
    time.sleep(warmup)
    c0, n0, t0 = cpu_ticks(pid), cpu_ticks(nginx_pid), time.time()
    time.sleep(seconds)
    c1, n1, t1 = cpu_ticks(pid), cpu_ticks(nginx_pid), time.time()
    ok = check()
    return 100.0 * (c1 - c0) / TICKS / (t1 - t0), 100.0 * (n1 - n0) / TICKS / (t1 - t0), ok, loadavg()


def run_point(args, mode, k, clip):
    nginx = Nginx(args.nginx, args.work)
    procs = []
    try:
        keys = [f"out{i}" for i in range(k)]
        if mode == "ffmpeg-copy":
            tee = "|".join(f"[f=flv:onfail=ignore]{nginx.url(key)}" for key in keys)
            pub = subprocess.Popen(["ffmpeg", "-nostdin", "-v", "error", "-re", "-stream_loop", "-1", "-i", clip,
                                    "-map", "0", "-c", "copy", "-f", "tee", tee],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            procs.append(pub)
            return measure(pub.pid, nginx.proc.pid, args.warmup, args.seconds, lambda: f"ffmpeg running: {pub.poll() is None}")
        captions = "cea608" if mode == "captiond-cea608" else "none"
        server = Captiond(args.root, args.work, args.vad_model, embed=(mode == "captiond-cea608"))
        procs.append(server.proc)
        url = server.create([{"url": nginx.url(key), "captions": captions} for key in keys])
        pub = subprocess.Popen(["ffmpeg", "-nostdin", "-v", "error", "-re", "-stream_loop", "-1", "-i", clip,
                                "-c", "copy", "-f", "flv", url], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        procs.append(pub)
        return measure(server.proc.pid, nginx.proc.pid, args.warmup, args.seconds,
                       lambda: server.outputs_check(k))
    finally:
        for p in reversed(procs):
            stop(p)
        stop(nginx.proc)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--root", required=True)
    p.add_argument("--nginx", default="/usr/sbin/nginx")
    p.add_argument("--outputs", default="0,1,10,50")
    p.add_argument("--modes", default="captiond-none,captiond-cea608,ffmpeg-copy")
    p.add_argument("--seconds", type=int, default=30)
    p.add_argument("--warmup", type=int, default=10)
    p.add_argument("--work", default=None)
    p.add_argument("--out", default=None)
    p.add_argument("--vad-model", default=None)
    p.add_argument("--speech", default=None)
    args = p.parse_args()
    args.work = os.path.abspath(args.work or os.path.join(args.root, "load-tests/work/restream"))
    os.makedirs(args.work, exist_ok=True)
    args.vad_model = os.path.abspath(args.vad_model or os.path.join(args.root, "models/silero_vad_v5.onnx"))
    speech = args.speech or os.path.join(args.root, "src/test/data/speech/jfk.wav")
    clip = make_clip(args.work, speech, 30)
    rows = []
    for k in [int(x) for x in args.outputs.split(",")]:
        for mode in args.modes.split(","):
            if k == 0 and mode == "ffmpeg-copy":
                continue  # nothing to copy to: captiond's K=0 rows are its RTMP receive + HLS remux alone
            log(f"{mode} with {k} outputs ...")
            cpu, nginx_cpu, ok, load = run_point(args, mode, k, clip)
            log(f"  {cpu:.1f}% of a core (nginx {nginx_cpu:.1f}%), {ok}, load {load}")
            rows.append((k, mode, cpu, nginx_cpu, ok, load))
    date = datetime.date.today().isoformat()
    lines = [f"# Restream benchmark, {date}", "",
             f"One RTMP stream (640x360 30 fps H.264 ~600 kb/s + AAC 128 kb/s, `ffmpeg -re -c copy` publisher)",
             f"pushed to K outputs on one nginx-rtmp; CPU of the measured process over {args.seconds} s after "
             f"{args.warmup} s warm-up, % of one core. Machine: {os.cpu_count()} cores; load average at the end "
             f"of each point beside it (the machine is shared).", "",
             "- `captiond-none`: captiond (RTMP receive + HLS remux, no audio decode) pushing to K outputs, "
             "`captions: none` (our pass-through, no embedding)",
             "- `captiond-cea608`: the same with `hls_out.embedded_captions: true` and K `captions: cea608` outputs: "
             "one embedder per stream (A/53 SEI with 608+708 cc_data in every frame) shared by HLS and the outputs",
             "- `ffmpeg-copy`: Debian ffmpeg `-c copy -f tee` of the same clip to the same K outputs (no HLS)", "",
             "| outputs | mode | CPU % of a core | nginx CPU % | check | load average |",
             "|---:|---|---:|---:|---|---|"]
    for k, mode, cpu, nginx_cpu, ok, load in rows:
        lines.append(f"| {k} | {mode} | {cpu:.1f} | {nginx_cpu:.1f} | {ok} | {load} |")
    text = "\n".join(lines) + "\n"
    out = args.out or os.path.join(args.root, "load-tests/results", f"restream-{date}.md")
    with open(out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
