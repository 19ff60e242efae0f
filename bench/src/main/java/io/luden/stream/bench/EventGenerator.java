package io.luden.stream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic Jitsu-style events (seed {@link #SEED}): event {@code i} is always the same event,
 * so every run of the benchmark loads the same rows. Each event flattens to 21 columns (nested
 * {@code eventn_ctx}, {@code user}, {@code page}, {@code utm}; an integer, a float, a boolean, two
 * timestamps), over {@link #EVENT_TYPES} → one table each with the default
 * {@code table_name_template: "{{.event_type}}"}. No {@code user_agent} or {@code source_ip}: the
 * job's default enrichment would add parsed columns the benchmark would have to reproduce; the
 * benchmark is about loading.
 */
final class EventGenerator {
    static final long SEED = 20261201L;
    static final String TOKEN_ID = "bench";
    static final String TOKEN = "bench.client.key";
    static final List<String> EVENT_TYPES = List.of("pageview", "click", "identify", "signup", "purchase");
    private static final int[] TYPE_WEIGHTS = {40, 25, 15, 10, 10};
    private static final String[] PATHS = {"/", "/pricing", "/docs/getting-started", "/docs/api", "/blog/release-2-3",
        "/features", "/signup", "/checkout", "/account", "/contact"};
    private static final String[] REFERRERS = {"", "", "https://www.google.com/", "https://news.ycombinator.com/",
        "https://twitter.com/", "https://www.bing.com/"};
    private static final String[] UTM_SOURCES = {"newsletter", "google", "twitter", "partner"};
    private static final String[] UTM_MEDIUMS = {"email", "cpc", "social", "referral"};
    private static final String[] UTM_CAMPAIGNS = {"nov-launch", "black-friday", "spring-sale", "brand"};
    private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();

    private EventGenerator() {}

    /** Event number {@code seq} (0-based), id {@code <idPrefix>-<seq>}; {@code sentAt} non-null adds that field. */
    static ObjectNode event(String idPrefix, long seq, Instant sentAt) {
        Random r = new Random(SEED * 31 + seq);
        String type = type(r);
        Instant ts = START.plusMillis(seq * 137).plusNanos(r.nextInt(1000) * 1000L);
        ObjectNode e = JSON.createObjectNode();
        e.put("api_key", TOKEN);
        e.put("src", "jitsu");
        e.put("event_type", type);
        e.put("_timestamp", MICROS.format(ts));
        ObjectNode ctx = e.putObject("eventn_ctx");
        ctx.put("event_id", idPrefix + "-" + seq);
        ctx.put("utc_time", MICROS.format(ts.minusMillis(r.nextInt(500))));
        ctx.put("local_tz_offset", new int[] {-60, 0, 60, 120, -300, 330}[r.nextInt(6)]);
        ctx.put("session_id", "s-" + Long.toHexString(SEED ^ (seq / 20)));
        ObjectNode user = e.putObject("user");
        user.put("anonymous_id", "anon-" + Integer.toHexString(r.nextInt(1 << 20)));
        user.put("id", "u_" + (1000 + r.nextInt(5000)));
        String path = PATHS[r.nextInt(PATHS.length)];
        ObjectNode page = e.putObject("page");
        page.put("url", "https://example.com" + path + (r.nextInt(4) == 0 ? "?ref=" + r.nextInt(100) : ""));
        page.put("path", path);
        page.put("title", "Example — " + (path.equals("/") ? "home" : path.substring(1).replace('/', ' ')));
        page.put("referrer", REFERRERS[r.nextInt(REFERRERS.length)]);
        if (r.nextInt(10) < 4) {
            ObjectNode utm = e.putObject("utm");
            utm.put("source", UTM_SOURCES[r.nextInt(UTM_SOURCES.length)]);
            utm.put("medium", UTM_MEDIUMS[r.nextInt(UTM_MEDIUMS.length)]);
            utm.put("campaign", UTM_CAMPAIGNS[r.nextInt(UTM_CAMPAIGNS.length)]);
        }
        e.put("screen_resolution", r.nextBoolean() ? "1920x1080" : "390x844");
        e.put("revenue", Math.round(r.nextDouble() * 20000) / 100.0 + 0.01);
        e.put("is_new_user", r.nextInt(3) == 0);
        e.put("bench_seq", seq);
        if (sentAt != null) {
            e.put("sent_at", MICROS.format(sentAt));
        }
        return e;
    }

    private static String type(Random r) {
        int x = r.nextInt(100);
        for (int i = 0; i < TYPE_WEIGHTS.length; i++) {
            if (x < TYPE_WEIGHTS[i]) {
                return EVENT_TYPES.get(i);
            }
            x -= TYPE_WEIGHTS[i];
        }
        throw new AssertionError();
    }

    /** The first {@code n} events, parsed back as the job reads them. */
    static List<ObjectNode> events(String idPrefix, int n) {
        List<ObjectNode> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(event(idPrefix, i, null));
        }
        return all;
    }

    /**
     * Writes {@code events} as spool files of at most {@code perFile} lines into {@code spool}, each
     * written under a hidden name and renamed when complete, as a user's writer does.
     */
    static int writeSpool(Path spool, List<ObjectNode> events, int perFile) throws IOException {
        Files.createDirectories(spool);
        int files = 0;
        for (int from = 0; from < events.size(); from += perFile) {
            writeFile(spool, String.format("bench-%05d.log", files++), events.subList(from, Math.min(events.size(), from + perFile)));
        }
        return files;
    }

    /** One spool file written as {@code .name} and renamed to {@code name}; returns the final path. */
    static Path writeFile(Path spool, String name, List<ObjectNode> events) throws IOException {
        Path hidden = spool.resolve("." + name);
        try (Writer w = Files.newBufferedWriter(hidden, StandardCharsets.UTF_8)) {
            for (ObjectNode e : events) {
                w.write(JSON.writeValueAsString(e));
                w.write('\n');
            }
        }
        return Files.move(hidden, spool.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }
}
