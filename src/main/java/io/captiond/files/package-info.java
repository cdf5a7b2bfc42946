/**
 * Small file helpers on the ground floor, shared by the stages that write files readers may open at
 * any moment (stream records, playlists, the append-only caption logs), and files that hold secrets,
 * created owner-only. Imports nothing of captiond.
 */
package io.captiond.files;
