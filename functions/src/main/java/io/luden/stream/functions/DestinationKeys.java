package io.luden.stream.functions;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

import java.io.Serializable;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The key each destination's events are keyed by before the loader. Left to hashing, two
 * destinations often share a subtask while another subtask has none (two of three on subtask 0 of 2
 * and of 4). So destination {@code i} of {@code n} (configuration order) gets a key whose key group
 * is the middle of the {@code i}-th of {@code n} equal slices of the key groups: at any parallelism
 * the destinations are spread evenly over the subtasks (each its own when there are as many subtasks).
 * The key is the destination id, a {@code /} (which ids may not contain) and a salt found by trying;
 * it depends only on the id's position, the number of destinations and the maximum parallelism, so a
 * rescale keeps every key and its state. Keys of an older configuration (a plain id, another salt)
 * still name their destination ({@link #destinationOf}).
 */
public final class DestinationKeys implements Serializable {
    private static final long serialVersionUID = 1L;
    static final char SEPARATOR = '/';

    private final Map<String, String> keys;

    private DestinationKeys(Map<String, String> keys) {
        this.keys = keys;
    }

    /** Keys for {@code destinationIds} (in configuration order) at {@code maxParallelism} key groups. */
    public static DestinationKeys spread(Collection<String> destinationIds, int maxParallelism) {
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("max parallelism must be at least 1, got " + maxParallelism);
        }
        List<String> ids = List.copyOf(destinationIds);
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            int target = (int) ((2L * i + 1) * maxParallelism / (2L * ids.size()));
            keys.put(ids.get(i), keyInGroup(ids.get(i), target, maxParallelism));
        }
        return new DestinationKeys(keys);
    }

    private static String keyInGroup(String id, int keyGroup, int maxParallelism) {
        for (int salt = 0; ; salt++) {
            String key = id + SEPARATOR + salt;
            if (KeyGroupRangeAssignment.assignToKeyGroup(key, maxParallelism) == keyGroup) {
                return key;
            }
        }
    }

    /** The key of {@code destinationId}'s events. */
    public String keyOf(String destinationId) {
        String key = keys.get(destinationId);
        if (key == null) {
            throw new IllegalArgumentException("no key for destination " + destinationId + "; known: " + keys.keySet());
        }
        return key;
    }

    /** The destination a key (of this or an older configuration) stands for. */
    public static String destinationOf(String key) {
        int cut = key.lastIndexOf(SEPARATOR);
        return cut < 0 ? key : key.substring(0, cut);
    }
}
