package io.luden.stream.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations written like Go's: {@code 500ms}, {@code 10s}, {@code 1m}, {@code 1m30s}, {@code 1h}. */
final class Durations {
    static final String EXAMPLES = "500ms, 10s, 1m30s or 1h";

    private static final Pattern WHOLE = Pattern.compile("(\\d+(ms|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|h|m|s)");

    private Durations() {}

    /** Empty when {@code text} is not a sequence of number+unit parts (a bare number has no unit). */
    static Optional<Duration> parse(String text) {
        String t = text.trim();
        if (!WHOLE.matcher(t).matches()) {
            return Optional.empty();
        }
        try {
            Duration total = Duration.ZERO;
            Matcher m = PART.matcher(t);
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
            }
            return Optional.of(total);
        } catch (ArithmeticException | NumberFormatException tooLong) {
            return Optional.empty();
        }
    }
}
