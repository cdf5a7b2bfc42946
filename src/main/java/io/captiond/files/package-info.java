/**
 * Small file helpers on the ground floor, shared by the stages that write files readers may open at
 * any moment (stream records, playlists). Imports nothing of captiond.
 */
package io.captiond.files;
