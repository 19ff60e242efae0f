package io.luden.stream.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keys one section of the file may have: those this job reads, Jitsu keys accepted with a
 * warning because they have no effect here, and keys refused because their feature is not built yet
 * or because they belong elsewhere.
 * Anything else is an error, so a typo never silently drops a setting.
 */
final class SectionKeys {
    private final Set<String> read = new LinkedHashSet<>();
    private final Map<String, String> ignored = new LinkedHashMap<>();
    private final Map<String, String> notYet = new LinkedHashMap<>();
    private final Map<String, String> refused = new LinkedHashMap<>();

    private SectionKeys(String... keys) {
        read.addAll(List.of(keys));
    }

    /** The keys the parser of this section reads itself. */
    static SectionKeys reads(String... keys) {
        return new SectionKeys(keys);
    }

    /** Accepted, with the warning "{@code <path>: ignored: <why>}". */
    SectionKeys ignores(String key, String why) {
        ignored.put(key, why);
        return this;
    }

    /** Refused with "{@code <path>: <feature> is not supported yet}". */
    SectionKeys notYet(String key, String feature) {
        notYet.put(key, feature);
        return this;
    }

    /** Refused with "{@code <path>: <why>}": a key that belongs elsewhere or that this job never supports. */
    SectionKeys refuses(String key, String why) {
        refused.put(key, why);
        return this;
    }

    /**
     * Checks every key of {@code section} in the order of the file; adds a warning per ignored key.
     *
     * @throws ConfigException on the first key refused or unknown
     */
    void check(YamlNode section, List<String> warnings) throws ConfigException {
        for (String key : section.keys()) {
            YamlNode child = section.get(key);
            if (read.contains(key)) {
                continue;
            }
            if (ignored.containsKey(key)) {
                warnings.add(child.path() + ": ignored: " + ignored.get(key));
            } else if (notYet.containsKey(key)) {
                throw child.error(notYet.get(key) + " is not supported yet");
            } else if (refused.containsKey(key)) {
                throw child.error(refused.get(key));
            } else {
                throw unknown(child, key);
            }
        }
    }

    private ConfigException unknown(YamlNode child, String key) {
        List<String> all = new ArrayList<>(read);
        all.addAll(ignored.keySet());
        all.addAll(notYet.keySet());
        all.addAll(refused.keySet());
        return NearMiss.closest(key, all)
                .map(near -> child.error("unknown key (did you mean '" + near + "'?)"))
                .orElseGet(() -> child.error("unknown key (expected one of: " + String.join(", ", read) + ")"));
    }
}
