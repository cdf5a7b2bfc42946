package io.captiond.media.hls;

/** A parsed playlist: RFC 8216 §4.3.4 "A Playlist MUST be either a Media Playlist or a Master Playlist." */
public sealed interface Playlist permits MasterPlaylist, MediaPlaylist {}
