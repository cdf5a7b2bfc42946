/**
 * Closed captions inside the video: a CEA-608 encoder for CC1 and the CEA-708 / ATSC A/53
 * carriage around it. Pure Java, no I/O. One class per job, from text to NAL unit:
 *
 * <ul>
 *   <li>{@link io.captiond.captions.cea608.Cea608Charset}, {@link
 *       io.captiond.captions.cea608.Cea608Glyph}: CEA-608-E section 4 and annex A (basic, special
 *       and extended character sets), Unicode mapped, the rest replaced;
 *   <li>{@link io.captiond.captions.cea608.Cea608Pair}: section 4.6, odd parity; {@link
 *       io.captiond.captions.cea608.Cea608Command}, {@link io.captiond.captions.cea608.Cea608Codes},
 *       {@link io.captiond.captions.cea608.Cea608Style}: tables 51..53 (miscellaneous control
 *       codes, preamble address codes, mid-row codes, tab offsets), each control code doubled
 *       (section 4.1.4);
 *   <li>{@link io.captiond.captions.cea608.Cea608RowWriter}: characters into pairs (section 4.1);
 *       {@link io.captiond.captions.cea608.RollUpEncoder}, {@link
 *       io.captiond.captions.cea608.PopOnEncoder}: the roll-up and pop-on styles of section 8 and
 *       annex B, giving a {@link io.captiond.captions.cea608.Cea608Burst} per cue;
 *   <li>{@link io.captiond.captions.cea608.Cea708Service}: CEA-708-E section 8 (service 1,
 *       DefineWindow, DisplayWindows, DeleteWindows, G0/G1/G2 text); {@link
 *       io.captiond.captions.cea608.DtvccPacketizer}: sections 5 and 6 (DTVCC packets, service
 *       blocks);
 *   <li>{@link io.captiond.captions.cea608.CaptionPacer}: one pair per 608 field per frame at the
 *       video's {@link io.captiond.captions.cea608.FrameRate}, a pacing delay per cue ({@link
 *       io.captiond.captions.cea608.PacedCue}), a backlog limit ({@link
 *       io.captiond.captions.cea608.CaptionBacklogException});
 *   <li>{@link io.captiond.captions.cea608.CcData}, {@link io.captiond.captions.cea608.CcTriplet}:
 *       {@code cc_data()}, CEA-708-E section 4.4 and ATSC A/53 part 4 section 6.2.3; {@link
 *       io.captiond.captions.cea608.A53Sei}: its {@code user_data_registered_itu_t_t35} SEI (ATSC
 *       A/53 part 4, SCTE 128; H.264 sections 7.3.2.3, 7.4.1 and D.1.6);
 *   <li>{@link io.captiond.captions.cea608.CaptionChannel}: all of it for one output, configured by
 *       its {@link io.captiond.captions.cea608.CaptionChannel.Config}.
 * </ul>
 */
package io.captiond.captions.cea608;
