// Opens captiond's player page in Debian's Chromium (playwright-core, no downloaded browser) on a
// phone-sized screen, watches it until the stream ends (or a time limit), saves a screenshot once
// a subtitle cue shows, and prints what it saw as one JSON line: the video's progress, the cues of
// the subtitle text track, hls.js's initPTS, the WebSocket events the page got, errors.
//   node check-player.mjs <player url> <screenshot.png> <max seconds>
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [url, screenshot, maxSeconds = '90'] = process.argv.slice(2);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'captiond-chromium-'));
// A fresh, empty profile every run (launchPersistentContext is how playwright takes --user-data-dir).
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  headless: true,
  viewport: { width: 412, height: 860 },
  deviceScaleFactor: 1,
});
const result = { samples: [], console: [], screenshot: null, overflow: null };
try {
  const page = await context.newPage();
  page.on('console', (m) => result.console.length < 50 && result.console.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => result.console.push(`pageerror: ${e.message}`));
  await page.goto(url, { waitUntil: 'load' });
  const deadline = Date.now() + Number(maxSeconds) * 1000;
  let last = null;
  let endedAt = 0;
  while (Date.now() < deadline) {
    last = await page.evaluate(() => {
      const video = document.getElementById('video');
      const tracks = Array.from(video.textTracks).filter((t) => t.kind === 'subtitles' || t.kind === 'captions');
      const cues = [];
      const active = [];
      for (const track of tracks) {
        for (const cue of Array.from(track.cues || [])) { cues.push({ start: cue.startTime, end: cue.endTime, text: cue.text }); }
        for (const cue of Array.from(track.activeCues || [])) { active.push(cue.text); }
      }
      const seen = window.captiond || {};
      return {
        at: Date.now(), currentTime: video.currentTime, paused: video.paused, ended: video.ended,
        readyState: video.readyState, tracks: tracks.map((t) => `${t.kind}/${t.label}/${t.language}/${t.mode}`),
        cues, active, initPts: seen.initPts, state: seen.state, events: seen.events || [], errors: seen.errors || [],
        tentative: document.getElementById('tentative').textContent,
        bufferedEnd: video.buffered.length ? video.buffered.end(video.buffered.length - 1) : 0,
      };
    });
    result.samples.push({ at: last.at, currentTime: last.currentTime, cues: last.cues.length, active: last.active.length });
    // A screenshot once a subtitle cue shows; taken again, once, if tentative text shows beside one.
    const both = last.active.length > 0 && last.tentative.length > 0;
    if (last.active.length > 0 && last.currentTime > 1 && (!result.screenshot || (both && !result.screenshot.both))) {
      await page.screenshot({ path: screenshot });
      result.screenshot = { path: screenshot, active: last.active, tentative: last.tentative, currentTime: last.currentTime, both };
      result.overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
    }
    const atEnd = last.ended || (last.state === 'ended' && last.bufferedEnd > 0 && last.currentTime >= last.bufferedEnd - 0.3);
    if (atEnd && result.screenshot) {
      endedAt = endedAt || Date.now();
      if (Date.now() - endedAt > 1000) break;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  result.last = last;
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
