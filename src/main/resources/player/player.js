// captiond player: the stream's HLS (video + subtitle rendition) through hls.js, tentative
// captions from the WebSocket feed above it, and the stream's state. Caption text only ever
// reaches the page through textContent (and the browser's own WebVTT rendering), never as HTML.
(function () {
  'use strict';
  var id = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  var video = document.getElementById('video');
  var tentative = document.getElementById('tentative');
  var stateBadge = document.getElementById('state');
  var message = document.getElementById('message');
  var picker = document.getElementById('language');
  var enc = encodeURIComponent(id);
  // A stream that needs a viewer token: /player/<id>?token=<token>; the page passes it on to every address it
  // reads, and the server carries it into the playlists' URIs (segments, subtitles).
  var token = new URLSearchParams(location.search).get('token');
  var withToken = token ? '?token=' + encodeURIComponent(token) : '';
  var master = '/hls/' + enc + '/master.m3u8' + withToken;
  // The last caption sequence number this tab saw, so that a reload or a reconnect resumes after it
  // instead of replaying the stream's whole caption log.
  var seqKey = 'captiond.seq.' + id;
  // What the page saw, for tests and curious people: window.captiond.
  var seen = window.captiond = { id: id, state: 'unknown', events: [], initPts: null, errors: [] };
  var hls = null;
  var started = false;
  // hls.js plays as soon as it has video, while its first subtitle fragment may still be on its way: the first
  // cues would then come after their words. So playback starts once the chosen subtitle track has the fragment
  // where the video starts, waiting at most this long (a stream without subtitles, or with a slow one, still plays).
  var SUBTITLE_WAIT_MS = 4000;

  document.getElementById('title').textContent = 'Stream ' + id;

  function say(text) { message.textContent = text; }

  function showState(state) {
    seen.state = state;
    stateBadge.dataset.state = state;
    stateBadge.textContent = state;
  }

  function pollState() {
    fetch('/streams/' + enc + '/status' + withToken, { cache: 'no-store' }).then(function (r) {
      if (r.status === 404) { showState('unknown'); say('No such stream.'); return null; }
      if (r.status === 401) { showState('unknown'); say('This stream needs a valid viewer token.'); return null; }
      return r.json();
    }).then(function (body) {
      if (!body) { return; }
      showState(body.state);
      if (!started && (body.state === 'live' || body.state === 'ended')) { startVideo(); }
      if (body.state === 'waiting') { say('Waiting for the stream to start…'); }
    }).catch(function () { showState('offline'); })
      .then(function () { setTimeout(pollState, 2000); });
  }

  function startVideo() {
    started = true;
    if (window.Hls && Hls.isSupported()) {
      video.autoplay = false; // played by playWithSubtitles, not as soon as the first frames are in
      hls = new Hls({ renderTextTracksNatively: true, subtitleDisplay: true, manifestLoadingMaxRetry: 30,
        manifestLoadingRetryDelay: 1000, levelLoadingMaxRetry: 10 });
      seen.hls = hls;
      var startsWithSubtitles = playWithSubtitles(hls);
      hls.on(Hls.Events.INIT_PTS_FOUND, function (event, data) {
        if (seen.initPts === null && data.id === 'main') {
          seen.initPts = data.initPTS * 90000 / (data.timescale || 90000); // media time 0, in 90 kHz ticks
        }
      });
      hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, function () {
        if (hls.subtitleTracks.length > 0 && hls.subtitleTrack < 0) { hls.subtitleTrack = 0; }
        hls.subtitleDisplay = true;
        fillPicker();
      });
      hls.on(Hls.Events.MANIFEST_PARSED, function (event, data) {
        startsWithSubtitles(data.subtitleTracks && data.subtitleTracks.length > 0);
      });
      hls.on(Hls.Events.ERROR, function (event, data) {
        seen.errors.push(data.type + ': ' + data.details);
        if (data.fatal) {
          // Before its first segments (and subtitles) are ready a live stream has no playlist yet.
          say(data.details === 'manifestLoadError' ? 'Waiting for the video…'
            : 'Playback error: ' + data.details + '; retrying…');
          retry();
        }
      });
      hls.loadSource(master);
      hls.attachMedia(video);
    } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
      video.src = master; // Safari: native HLS, subtitles included
      video.play().catch(function () { say('Press play to start.'); });
    } else {
      say('This browser cannot play HLS.');
    }
  }

  function play() {
    video.play().catch(function () { say('Press play to start.'); });
  }

  // Returns what to call at MANIFEST_PARSED, told whether the stream has subtitles: without, it plays at once;
  // with, once the video has its first frame where it starts and the chosen track's fragment covering that point
  // is parsed (its cues are in the text track then), or after SUBTITLE_WAIT_MS.
  function playWithSubtitles(player) {
    var parsed = [];
    var done = false;
    var timer = null;
    var events = ['loadeddata', 'canplay', 'seeked'];
    function stop() {
      done = true;
      clearTimeout(timer);
      events.forEach(function (name) { video.removeEventListener(name, check); });
    }
    function go(how) {
      if (done) { return; }
      stop();
      seen.startedWith = how;
      play();
    }
    function check() {
      var at = video.currentTime;
      // (hls.js lines the subtitle playlist up with the video by sequence number: their times agree)
      if (video.readyState >= 2 && parsed.some(function (f) { return f.start <= at + 0.5 && at < f.end; })) {
        go('subtitles');
      }
    }
    // Only the chosen track's fragments are loaded.
    player.on(Hls.Events.SUBTITLE_FRAG_PROCESSED, function (event, data) {
      if (data.success && data.frag) {
        parsed.push({ start: data.frag.start, end: data.frag.start + data.frag.duration });
        check();
      }
    });
    player.on(Hls.Events.DESTROYING, stop);
    events.forEach(function (name) { video.addEventListener(name, check); });
    return function (hasSubtitles) {
      if (done) { return; }
      if (!hasSubtitles) { go('no subtitles'); return; }
      timer = setTimeout(function () { go('subtitle wait over'); }, SUBTITLE_WAIT_MS);
      check();
    };
  }

  // One entry per subtitle rendition (the stream's language first, then its translations); choosing one
  // switches hls.js's subtitle track. Tentative text exists in the stream's own language only, so the
  // overlay shows only while that track is chosen.
  function fillPicker() {
    var tracks = hls.subtitleTracks;
    seen.subtitleTracks = tracks.map(function (t) { return { name: t.name, lang: t.lang, default: !!t.default }; });
    while (picker.firstChild) { picker.removeChild(picker.firstChild); }
    tracks.forEach(function (track, index) {
      var option = document.createElement('option');
      option.value = String(index);
      option.textContent = track.name || track.lang || ('Track ' + (index + 1));
      picker.appendChild(option);
    });
    picker.value = String(Math.max(0, hls.subtitleTrack));
    picker.parentElement.hidden = tracks.length < 2;
  }

  function sourceTrackChosen() {
    return !hls || hls.subtitleTrack <= 0 || !!(hls.subtitleTracks[hls.subtitleTrack] || {}).default;
  }

  picker.addEventListener('change', function () {
    if (!hls) { return; }
    hls.subtitleTrack = Number(picker.value);
    hls.subtitleDisplay = true;
    seen.chosenTrack = hls.subtitleTrack;
    if (!sourceTrackChosen()) { tentative.textContent = ''; tentative.hidden = true; }
  });

  function retry() {
    if (hls) { hls.destroy(); hls = null; }
    setTimeout(startVideo, 2000);
  }

  // Tentative text from the WebSocket: a partial replaces the previous one; a final clears it
  // (the confirmed text arrives as subtitles in the video, in step with the picture).
  function connectFeed(since) {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    var ws = new WebSocket(scheme + location.host + '/ws/streams/' + enc + '/captions?since=' + since
      + (token ? '&token=' + encodeURIComponent(token) : ''));
    var last = since;
    ws.onmessage = function (frame) {
      var event;
      try { event = JSON.parse(frame.data); } catch (e) { return; }
      last = Math.max(last, event.seq || 0);
      try { sessionStorage.setItem(seqKey, String(last)); } catch (e) { /* storage off: resume within the page only */ }
      seen.events.push(event);
      if (event.type === 'partial') {
        if (!sourceTrackChosen()) { return; }
        tentative.textContent = event.text;
        tentative.hidden = event.text.length === 0;
      } else if (event.type === 'final') {
        tentative.textContent = '';
        tentative.hidden = true;
      }
    };
    ws.onclose = function (close) {
      seen.closes = (seen.closes || []).concat([close.code + ' ' + close.reason]);
      // 1001: the stream ended or was deleted; 1008: this viewer may no longer watch (token revoked)
      if (close.code === 1001 || close.code === 1008) { return; }
      if (seen.state !== 'ended' && seen.state !== 'failed') {
        setTimeout(function () { connectFeed(last); }, 2000);
      }
    };
  }

  video.addEventListener('playing', function () { say(''); });

  if (!id) { say('No stream id in the address.'); return; }
  pollState();
  var resumeFrom = 0;
  try { resumeFrom = Number(sessionStorage.getItem(seqKey)) || 0; } catch (e) { resumeFrom = 0; }
  connectFeed(resumeFrom);
})();
