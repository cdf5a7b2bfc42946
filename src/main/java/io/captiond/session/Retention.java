package io.captiond.session;

import io.captiond.settings.Check;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long an ended (or failed) stream is kept, its folder and its registry entry, before it is removed:
 * {@code data.retention}, {@code 0} to keep streams forever, or a whole number with a unit:
 * {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}.
 */
public record Retention(Duration keep) {

  public static final String KEY = "data.retention";
  public static final Retention FOREVER = new Retention(Duration.ZERO);
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(s|m|h|d)");

  public Retention {
    Check.require(KEY, !keep.isNegative(), "retention must not be negative, got " + keep);
  }

  public static Retention parse(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    if (trimmed.equals("0")) {
      return FOREVER;
    }
    Matcher matcher = FORM.matcher(trimmed);
    Check.require(KEY, matcher.matches(), "retention is 0 (keep forever) or a number with a unit s, m, h or d"
        + " (such as 7d), got '" + text + "'");
    long amount = Long.parseLong(matcher.group(1));
    return new Retention(switch (matcher.group(2)) {
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    });
  }

  public boolean forever() {
    return keep.isZero();
  }

  /** How often ended streams are checked: a quarter of the retention, from 1 s to 1 min. */
  public long checkEveryMs() {
    return Math.max(1_000, Math.min(60_000, keep.toMillis() / 4));
  }
}
