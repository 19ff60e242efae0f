package io.luden.stream.sinks;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/** Finds the {@link Dialect} of a destination type through {@link ServiceLoader}. */
public final class Dialects {
    private Dialects() {}

    /** Destination types with a dialect on the class path, sorted. */
    public static Set<String> types() {
        return load().keySet();
    }

    /** The dialect for {@code type}; an {@link IllegalArgumentException} naming the supported types otherwise. */
    public static Dialect forType(String type) {
        Map<String, Dialect> all = load();
        Dialect d = all.get(type);
        if (d == null) {
            throw new IllegalArgumentException("no dialect for destination type '" + type + "'; supported: " + all.keySet());
        }
        return d;
    }

    private static Map<String, Dialect> load() {
        Map<String, Dialect> byType = new TreeMap<>();
        for (Dialect d : ServiceLoader.load(Dialect.class, Dialects.class.getClassLoader())) {
            byType.put(d.type(), d);
        }
        return byType;
    }
}
