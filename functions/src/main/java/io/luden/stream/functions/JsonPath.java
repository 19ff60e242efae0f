package io.luden.stream.functions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A path into an event as Jitsu writes them: {@code /eventn_ctx/user_agent}, with alternatives
 * joined by {@code ||} ({@code /eventn_ctx/location||/location}). Reading takes the first
 * alternative that exists; writing goes to the first alternative whose parent object exists.
 */
public final class JsonPath implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String text;
    private final List<String[]> alternatives;

    private JsonPath(String text, List<String[]> alternatives) {
        this.text = text;
        this.alternatives = alternatives;
    }

    /** Parses {@code /a/b||/c}; an {@link IllegalArgumentException} names what is wrong. */
    public static JsonPath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty path");
        }
        List<String[]> alternatives = new ArrayList<>();
        for (String alt : text.split("\\|\\|", -1)) {
            String a = alt.trim();
            if (!a.startsWith("/") || a.length() == 1) {
                throw new IllegalArgumentException("path '" + text + "': '" + a + "' must look like /field or /parent/field");
            }
            String[] parts = a.substring(1).split("/", -1);
            for (String p : parts) {
                if (p.isEmpty()) {
                    throw new IllegalArgumentException("path '" + text + "': empty segment in '" + a + "'");
                }
            }
            alternatives.add(parts);
        }
        return new JsonPath(text, alternatives);
    }

    /** The value at the first alternative that exists (JSON null counts as existing), or null. */
    public JsonNode get(ObjectNode root) {
        for (String[] parts : alternatives) {
            ObjectNode parent = parent(root, parts, false);
            if (parent != null && parent.has(last(parts))) {
                return parent.get(last(parts));
            }
        }
        return null;
    }

    /**
     * Sets {@code value} at the first alternative whose parent object exists; with
     * {@code createParents}, missing parents of the first alternative are created. Returns false
     * when nothing was set.
     */
    public boolean set(ObjectNode root, JsonNode value, boolean createParents) {
        for (String[] parts : alternatives) {
            ObjectNode parent = parent(root, parts, false);
            if (parent != null) {
                parent.set(last(parts), value);
                return true;
            }
        }
        if (createParents) {
            String[] first = alternatives.get(0);
            ObjectNode parent = parent(root, first, true);
            if (parent != null) {
                parent.set(last(first), value);
                return true;
            }
        }
        return false;
    }

    /** Removes the value at the first alternative that exists; returns it, or null. */
    public JsonNode remove(ObjectNode root) {
        for (String[] parts : alternatives) {
            ObjectNode parent = parent(root, parts, false);
            if (parent != null && parent.has(last(parts))) {
                return parent.remove(last(parts));
            }
        }
        return null;
    }

    /** The parent object of the first alternative that exists as a parent (for merging into it), or null. */
    public ObjectNode existingParent(ObjectNode root) {
        for (String[] parts : alternatives) {
            ObjectNode parent = parent(root, parts, false);
            if (parent != null) {
                return parent;
            }
        }
        return null;
    }

    /** Segments of each alternative, e.g. {@code [[eventn_ctx, location], [location]]}. */
    public List<List<String>> alternatives() {
        List<List<String>> out = new ArrayList<>();
        for (String[] a : alternatives) {
            out.add(Arrays.asList(a.clone()));
        }
        return out;
    }

    private static String last(String[] parts) {
        return parts[parts.length - 1];
    }

    /** The object holding the last segment; with {@code create}, missing (or null) objects on the way are made. */
    private static ObjectNode parent(ObjectNode root, String[] parts, boolean create) {
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child instanceof ObjectNode) {
                node = (ObjectNode) child;
            } else if (create && (child == null || child.isNull())) {
                node = node.putObject(parts[i]);
            } else {
                return null;
            }
        }
        return node;
    }

    @Override
    public String toString() {
        return text;
    }
}
