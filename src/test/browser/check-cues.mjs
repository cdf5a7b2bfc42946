// Plays one captiond stream in Debian's Chromium with one HLS player engine and records, for every subtitle
// cue, when it reached the player's text track compared with the playhead: the figure that says whether a
// viewer at the player's default live position sees the words when they are heard.
//   node check-cues.mjs <hlsjs|shaka> <server base url> <stream id> <max seconds> [viewer token]
// hlsjs plays captiond's own player page (/player/<id>, hls.js); shaka plays the master playlist with
// Shaka Player (npm shaka-player, an independent engine) in a page this script serves from its own loopback
// HTTP server: a third-party page on another origin, as broadcasters embed players (captiond's HLS allows CORS).
// Prints one JSON line: per cue {start, end, text, arrivedAt (media time when it first appeared), before
// (arrived before its start, or by the first frame played when its start lies before where the player began),
// shown (active while the playhead was inside it)}, plus samples and errors, and (in "last", which the test
// prints) the playhead's jumps, the cues the player removed from its track and its pauses, with media times. Where the player began is the
// first frame it rendered while playing (requestVideoFrameCallback; or the first 'timeupdate' with the
// playhead advancing, whichever comes first), recorded in the page with the cues its track held then.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [engine, base, id, maxSeconds = '120', token = ''] = process.argv.slice(2);
if (!['hlsjs', 'shaka'].includes(engine) || !base || !id) {
  console.error('usage: node check-cues.mjs <hlsjs|shaka> <server base url> <stream id> <max seconds> [token]');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const query = token ? `?token=${encodeURIComponent(token)}` : '';

function shakaHtml(shakaScript) {
  const master = `${base}/hls/${id}/master.m3u8${query}`;
  return `<!doctype html><html><body style="margin:0;background:#000">
<video id="video" muted autoplay playsinline style="width:100%"></video>
<script src="${shakaScript}"></script>
<script>
  window.captiond = { errors: [], state: 'loading' };
  shaka.polyfill.installAll();
  const video = document.getElementById('video');
  const player = new shaka.Player();
  const note = (what) => window.captiond.errors.length < 20 && window.captiond.errors.push(what);
  player.addEventListener('error', (e) => note('error ' + (e.detail && e.detail.code) + ' ' + JSON.stringify(e.detail && e.detail.data).slice(0, 200)));
  player.addEventListener('trackschanged', () => { window.captiond.tracks = player.getTextTracks().map((t) => t.language + '/' + t.active); });
  async function start() {
    await player.attach(video);
    // A page that shows subtitles turns them on before loading, so Shaka streams the text track from the
    // start rather than only once asked after playback began.
    if (typeof player.setTextTrackVisibility === 'function') player.setTextTrackVisibility(true);
    for (;;) {
      try {
        await player.load(${JSON.stringify(master)});
        break;
      } catch (e) {
        note('load: ' + (e && e.code) + ' ' + JSON.stringify(e && e.data).slice(0, 160));
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
    // Shaka 5 shows the text track that is selected (4.x also needed setTextTrackVisibility).
    const text = player.getTextTracks();
    if (text.length) player.selectTextTrack(text[0]);
    if (typeof player.setTextTrackVisibility === 'function') player.setTextTrackVisibility(true);
    window.captiond.tracks = text.map((t) => t.language + '/' + t.active);
    window.captiond.state = 'playing';
    video.play().catch((e) => note('play: ' + e.message));
  }
  start();
</script></body></html>`;
}

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'captiond-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  headless: true,
  viewport: { width: 640, height: 480 },
});
// In every page, before its own scripts: the first frame played, and the cues in the text track at that moment.
await context.addInitScript(() => {
  const arm = () => {
    const video = document.getElementById('video');
    if (!video || video.captiondArmed) return;
    video.captiondArmed = true;
    const keys = () => {
      const list = [];
      for (const track of Array.from(video.textTracks)) {
        if (track.kind !== 'subtitles' && track.kind !== 'captions') continue;
        for (const cue of Array.from(track.cues || [])) list.push(`${cue.startTime.toFixed(3)}|${cue.text}`);
      }
      return list;
    };
    const record = (how, mediaTime) => {
      if (window.captiondFirstFrame) return;
      window.captiondFirstFrame = { how, mediaTime, currentTime: video.currentTime, cues: keys() };
    };
    if (typeof video.requestVideoFrameCallback === 'function') {
      // A frame presented while paused (the first one after loading) is not yet playback: wait for one played.
      const onFrame = (now, meta) => {
        if (video.paused) video.requestVideoFrameCallback(onFrame);
        else record('frame', meta.mediaTime);
      };
      video.requestVideoFrameCallback(onFrame);
    }
    let last = null;
    video.addEventListener('timeupdate', () => {
      if (!video.paused && last !== null && video.currentTime > last) record('timeupdate', last);
      last = video.paused ? null : video.currentTime;
    });
  };
  arm();
  document.addEventListener('DOMContentLoaded', arm);
});
const cues = new Map();
let pageServer = null;
let firstFrame = null;
const result = { engine, cues: [], samples: 0, console: [], errors: [], started: null, playing: null, last: null,
  jumps: [], drops: [], pauses: [] };
try {
  const page = await context.newPage();
  page.on('console', (m) => result.console.length < 50 && result.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => result.console.push(`pageerror: ${e.message}`));
  if (engine === 'shaka') {
    const script = fs.readFileSync(path.join(here, 'node_modules/shaka-player/dist/shaka-player.compiled.js'));
    pageServer = http.createServer((req, res) => {
      const js = req.url.endsWith('.js');
      res.writeHead(200, { 'Content-Type': js ? 'text/javascript' : 'text/html' });
      res.end(js ? script : shakaHtml('/shaka-player.compiled.js'));
    });
    await new Promise((r) => pageServer.listen(0, '127.0.0.1', r));
    await page.goto(`http://127.0.0.1:${pageServer.address().port}/shaka.html`, { waitUntil: 'load' });
  } else {
    await page.goto(`${base}/player/${id}${query}`, { waitUntil: 'load' });
  }
  const deadline = Date.now() + Number(maxSeconds) * 1000;
  let endedAt = 0;
  let prev = null;
  while (Date.now() < deadline) {
    const s = await page.evaluate(() => {
      const video = document.getElementById('video');
      const list = [];
      const active = [];
      for (const track of Array.from(video.textTracks)) {
        if (track.kind !== 'subtitles' && track.kind !== 'captions') continue;
        for (const cue of Array.from(track.cues || [])) list.push([cue.startTime, cue.endTime, cue.text]);
        for (const cue of Array.from(track.activeCues || [])) active.push([cue.startTime, cue.text]);
      }
      const end = video.buffered.length ? video.buffered.end(video.buffered.length - 1) : 0;
      const from = video.buffered.length ? video.buffered.start(0) : 0;
      const seen = window.captiond || {};
      return { t: video.currentTime, firstFrame: window.captiondFirstFrame || null, paused: video.paused, ended: video.ended, bufferedStart: from, bufferedEnd: end,
        list, active,
        errors: seen.errors || [], tracks: seen.tracks || [],
        native: Array.from(video.textTracks).map((t) => `${t.kind}/${t.language}/${t.mode}/${t.cues ? t.cues.length : -1}`) };
    });
    result.samples++;
    // What the playhead and the track did between samples, for the report: jumps of the playhead (not explained
    // by the time passed), cues the player removed from its track, and playback pausing or resuming.
    const wall = Date.now();
    if (prev) {
      const dt = (wall - prev.wall) / 1000;
      if (s.t - prev.t > dt + 0.4 || s.t < prev.t - 0.2) result.jumps.push([prev.t, s.t, dt]);
      if (s.list.length < prev.cues) result.drops.push([s.t, prev.cues, s.list.length]);
      if (s.paused !== prev.paused) result.pauses.push([s.t, s.paused]);
    }
    prev = { t: s.t, wall, cues: s.list.length, paused: s.paused };
    // The first sample that plays, with what its text track held then (where the player began when the page
    // recorded no first frame).
    if (!result.playing && !s.paused && s.t > 0) {
      result.playing = { t: s.t, bufferedStart: s.bufferedStart, bufferedEnd: s.bufferedEnd, cues: s.list.length,
        firstCue: s.list.length ? Math.min(...s.list.map((c) => c[0])) : null };
    }
    // Where the player began: its first frame played.
    if (!firstFrame && s.firstFrame) {
      firstFrame = s.firstFrame;
      result.started = { t: firstFrame.mediaTime, how: firstFrame.how, currentTime: firstFrame.currentTime,
        cues: firstFrame.cues.length, bufferedStart: s.bufferedStart, bufferedEnd: s.bufferedEnd };
    }
    result.last = { jumps: result.jumps, drops: result.drops, pauses: result.pauses, t: s.t, paused: s.paused,
      ended: s.ended, bufferedEnd: s.bufferedEnd, errors: s.errors, tracks: s.tracks, native: s.native };
    for (const [start, end, text] of s.list) {
      const key = `${start.toFixed(3)}|${text}`;
      // Seen in a sample taken before the first frame was played: it was in the track by then.
      if (!cues.has(key)) cues.set(key, { start, end, text, arrivedAt: s.t, shown: false, byFirstFrame: !s.firstFrame });
    }
    for (const [start, text] of s.active) {
      const cue = cues.get(`${start.toFixed(3)}|${text}`);
      if (cue && s.t >= cue.start && s.t <= cue.end) cue.shown = true;
    }
    const status = await fetch(`${base}/streams/${id}/status${query}`).then((r) => r.json()).catch(() => ({}));
    const atEnd = s.ended || (status.state === 'ended' && s.bufferedEnd > 0 && s.t >= s.bufferedEnd - 0.3);
    if (atEnd) {
      endedAt = endedAt || Date.now();
      if (Date.now() - endedAt > 1500) break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  result.errors = result.last ? result.last.errors : [];
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
  if (pageServer) pageServer.close();
}
// A cue is in time when it is in the track before the first frame this viewer sees of its words: before its
// start, or, for words spoken before where the player began, by the first frame it played.
if (!result.started && result.playing) result.started = { ...result.playing, how: 'first sample playing' };
const startedAt = result.started ? result.started.t : 0;
const atFirstFrame = new Set(firstFrame ? firstFrame.cues : []);
const inTrackByFirstFrame = (c) => (firstFrame
  ? c.byFirstFrame || atFirstFrame.has(`${c.start.toFixed(3)}|${c.text}`) : c.arrivedAt <= startedAt);
result.cues = [...cues.values()].sort((a, b) => a.start - b.start).map((c) => {
  const { byFirstFrame, ...cue } = c;
  return { ...cue, before: c.arrivedAt < c.start || (c.start < startedAt && inTrackByFirstFrame(c)) };
});
console.log(JSON.stringify(result));
