/**
 * Captions into the re-published video: the {@code cc_data()} that {@link
 * io.captiond.captions.cea608.CaptionChannel} makes goes into each H.264 access unit as the A/53
 * SEI of {@link io.captiond.captions.cea608.A53Sei}. Pure bytes, no I/O:
 *
 * <ul>
 *   <li>{@link io.captiond.media.embed.FlvTag}, {@link io.captiond.media.embed.FlvTagReader}: FLV
 *       specification v10.1 annex E.4.1 tags (E.4.3.1 for the AVC video header);
 *   <li>{@link io.captiond.media.embed.AvcDecoderConfig}: ISO 14496-15 section 5.2.4.1, the
 *       AVCDecoderConfigurationRecord of the sequence header, for the NAL length size;
 *   <li>{@link io.captiond.media.embed.SeiInsertion}: the SEI NAL unit put before the first VCL
 *       NAL unit of an access unit (H.264 section 7.4.1.2.3: SEI after the AUD, before the first
 *       slice), in AVCC (length-prefixed) or Annex B (start codes) form; {@link
 *       io.captiond.media.embed.AvcTagRewriter}: the same on FLV video tags;
 *   <li>{@link io.captiond.media.embed.CaptionEmbedder}: one output's captions on its FLV tags,
 *       frames given their cc_data in display order (PTS = DTS + composition time), output {@link
 *       io.captiond.media.embed.EmbedConfig.Timing#LIVE live} or {@link
 *       io.captiond.media.embed.EmbedConfig.Timing#SYNCED synced} (delayed);
 *   <li>{@link io.captiond.media.embed.MediaTap}: where a stream's tags pass on their way to the HLS
 *       remuxer (captions embedded, restream outputs fed).
 * </ul>
 *
 * <p>Malformed input raises {@link io.captiond.media.embed.EmbedException}, naming what was seen;
 * the embedder then passes that tag on untouched.
 */
package io.captiond.media.embed;
