package io.luden.stream.sinks.s3;

import io.luden.stream.sinks.WarehouseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Which event ids the bucket already holds, per table: what makes the S3 destination exactly-once.
 * The first write of a table after the writer opens (and the first after a write whose outcome is
 * unknown) lists the table's objects and reads the ids of those written within {@code window} of its
 * newest one — after a crash, every event the restored job hands in again that an earlier run already
 * wrote is in one of them. The objects this writer puts are added as they are written. An object is
 * forgotten {@code window} after it was read or written, so memory stays bounded in a long run.
 */
final class WrittenIndex {
    private static final Logger LOG = LoggerFactory.getLogger(WrittenIndex.class);

    private record Known(Instant seenAt, List<String> ids) {}

    private final S3Client client;
    private final String bucket;
    private final String server;
    private final ObjectNames names;
    private final Duration window;
    private final Supplier<Instant> clock;
    private final Map<String, Table> tables = new HashMap<>();

    WrittenIndex(S3Client client, String bucket, String server, ObjectNames names, Duration window,
                 Supplier<Instant> clock) {
        this.client = client;
        this.bucket = bucket;
        this.server = server;
        this.names = names;
        this.window = window;
        this.clock = clock;
    }

    /** The ids of {@code table} known to be in the bucket, loading them first if needed. */
    Set<String> written(String table) throws WarehouseException {
        Table t = tables.get(table);
        if (t == null || t.stale) {
            t = load(table);
            tables.put(table, t);
        }
        t.forgetOlderThan(clock.get().minus(window));
        return t.ids.keySet();
    }

    /** {@code key} now holds {@code ids}. */
    void added(String table, String key, List<String> ids) {
        Table t = tables.computeIfAbsent(table, x -> new Table());
        t.add(key, new Known(clock.get(), ids));
    }

    /** A write of {@code table} may or may not have happened: read the bucket again before the next one. */
    void unknown(String table) {
        Table t = tables.get(table);
        if (t != null) {
            t.stale = true;
        }
    }

    private Table load(String table) throws WarehouseException {
        String prefix = names.prefix(table);
        List<S3Object> objects = new ArrayList<>();
        try {
            client.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
                    .contents().forEach(o -> {
                        if (names.isObjectOf(table, o.key())) {
                            objects.add(o);
                        }
                    });
        } catch (SdkException e) {
            throw S3Errors.classify(e, "listing s3://" + bucket + "/" + prefix + "*", server);
        }
        Table t = new Table();
        Instant newest = objects.stream().map(S3Object::lastModified).max(Instant::compareTo).orElse(null);
        if (newest == null) {
            return t;
        }
        Instant from = newest.minus(window);
        Instant now = clock.get();
        int read = 0;
        for (S3Object o : objects) {
            if (o.lastModified().isBefore(from)) {
                continue;
            }
            byte[] body;
            try {
                body = client.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(o.key()).build())
                        .asByteArray();
            } catch (SdkException e) {
                throw S3Errors.classify(e, "reading s3://" + bucket + "/" + o.key(), server);
            }
            try {
                t.add(o.key(), new Known(now, ObjectIds.read(o.key(), body)));
                read++;
            } catch (IOException | RuntimeException e) {
                // not ours after all, or damaged: its events cannot be told apart, so they may be written again
                LOG.warn("s3://{}/{}: cannot read its event ids ({}); events it holds may be written again",
                        bucket, o.key(), e.toString());
            }
        }
        LOG.info("s3://{}/{}*: {} object(s), the {} newest (within {} of the newest) hold {} event id(s)",
                bucket, prefix, objects.size(), read, window, t.ids.size());
        return t;
    }

    /** One table's known objects, oldest first, and how many of them hold each id. */
    private static final class Table {
        final LinkedHashMap<String, Known> objects = new LinkedHashMap<>();
        final Map<String, Integer> ids = new HashMap<>();
        boolean stale;

        void add(String key, Known known) {
            Known before = objects.remove(key);
            if (before != null) {
                drop(before);
            }
            objects.put(key, known);
            for (String id : new HashSet<>(known.ids())) {
                ids.merge(id, 1, Integer::sum);
            }
        }

        void forgetOlderThan(Instant limit) {
            var it = objects.values().iterator();
            while (it.hasNext()) {
                Known k = it.next();
                if (!k.seenAt().isBefore(limit)) {
                    break; // insertion order is time order
                }
                it.remove();
                drop(k);
            }
        }

        private void drop(Known k) {
            for (String id : new HashSet<>(k.ids())) {
                ids.computeIfPresent(id, (x, n) -> n == 1 ? null : n - 1);
            }
        }
    }
}
