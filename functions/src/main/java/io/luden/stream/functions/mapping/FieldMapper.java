package io.luden.stream.functions.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.functions.ColumnNames;
import io.luden.stream.functions.EventRejectedException;
import io.luden.stream.functions.Events;
import io.luden.stream.functions.ExplicitSqlType;
import io.luden.stream.functions.JsonPath;
import io.luden.stream.functions.mapping.MappingRule.Action;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SPEC §7 mapping step, with Jitsu's semantics ({@code schema/field_mapper.go}): rules run in order
 * against the event; {@code move} copies the value at {@code src} to {@code dst} of a new "mapped"
 * object (creating objects on the way), {@code constant} sets its value there, {@code cast} only
 * declares a type, {@code remove} marks a path. Then moved sources are removed from the event and:
 * <ul>
 *   <li>keep_unmapped true: result = the event without moved fields, each top-level key of the mapped
 *       object replacing the event's key of that name, minus removed paths;</li>
 *   <li>keep_unmapped false: result = the mapped object minus removed paths. For a SQL destination the
 *       rules get, as in Jitsu, moves of the event id ({@value #UNIQUE_ID_PATH}) and of
 *       {@value #TIMESTAMP_PATH} unless a rule already moves them to themselves.</li>
 * </ul>
 * A rule's {@code type}/{@code column_type} become the {@link ExplicitSqlType} of the flattened
 * {@code dst} column ({@code /a/b} → {@code a_b}); Jitsu type names are translated by the dialect.
 * Without rules the event passes unchanged, whatever keep_unmapped says (Jitsu then has no mapper).
 */
public final class FieldMapper implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where Jitsu looks for the event id, in order. */
    public static final String UNIQUE_ID_PATH = "/eventn_ctx/event_id||/eventn_ctx_event_id||/event_id";
    public static final String TIMESTAMP_PATH = "/_timestamp";
    private static final String ID_COLUMN = "eventn_ctx_event_id";
    private static final String TIMESTAMP_COLUMN = "_timestamp";

    /** One mapped event and the SQL types the rules declare, by flattened column name (for {@code RowBuilder}). */
    public record Mapped(ObjectNode event, Map<String, ExplicitSqlType> sqlTypes) {}

    private final boolean keepUnmapped;
    private final int configuredRules;
    private final List<MappingRule> rules;
    private final Map<String, ExplicitSqlType> sqlTypes;
    private transient List<Step> steps;

    /** A mapper for a SQL destination (every destination of the stream job). */
    public FieldMapper(Mappings mappings) {
        this(mappings, true);
    }

    /**
     * @param sqlDestination whether keep_unmapped false adds the event id and {@code _timestamp} moves
     * @throws IllegalArgumentException from {@link Mappings#validate()}, naming the rule and the field
     */
    public FieldMapper(Mappings mappings, boolean sqlDestination) {
        mappings.validate();
        // Jitsu: no rules means no mapper at all, so keep_unmapped false does not empty the event
        this.keepUnmapped = mappings.keepUnmapped() || mappings.fields().isEmpty();
        this.configuredRules = mappings.fields().size();
        List<MappingRule> all = new ArrayList<>(mappings.fields());
        if (sqlDestination && !keepUnmapped) {
            if (!movesToItself(all, UNIQUE_ID_PATH, ID_COLUMN)) {
                all.add(MappingRule.move(UNIQUE_ID_PATH, UNIQUE_ID_PATH));
            }
            if (!movesToItself(all, TIMESTAMP_PATH, TIMESTAMP_COLUMN)) {
                all.add(MappingRule.move(TIMESTAMP_PATH, TIMESTAMP_PATH));
            }
        }
        this.rules = List.copyOf(all);
        this.sqlTypes = Collections.unmodifiableMap(explicitTypes(rules));
    }

    public boolean keepUnmapped() {
        return keepUnmapped;
    }

    /** The rules applied, in order: the configured ones, then any added for the event id and {@code _timestamp}. */
    public List<MappingRule> rules() {
        return rules;
    }

    /** Flattened column name → the SQL type a rule declares for it. */
    public Map<String, ExplicitSqlType> sqlTypes() {
        return sqlTypes;
    }

    /**
     * Maps one event; {@code event} itself is not changed.
     *
     * @throws EventRejectedException when a rule cannot set its dst (a value on the way is not an object)
     */
    public Mapped apply(ObjectNode event) throws EventRejectedException {
        ObjectNode source = event.deepCopy();
        ObjectNode mapped = source.objectNode();
        List<JsonPath> moved = new ArrayList<>();
        List<JsonPath> removed = new ArrayList<>();
        List<Step> all = steps();
        for (int i = 0; i < all.size(); i++) {
            Step step = all.get(i);
            switch (step.rule.action()) {
                case REMOVE:
                    removed.add(step.src);
                    break;
                case MOVE:
                    for (JsonPath alternative : step.srcAlternatives) {
                        JsonNode value = alternative.get(source);
                        if (value != null) {
                            set(i, step, mapped, value.deepCopy());
                            moved.add(alternative); // the alternative read, so a later rule cannot remove another
                            break;
                        }
                    }
                    break;
                case CONSTANT:
                    set(i, step, mapped, step.value.deepCopy());
                    break;
                case CAST:
                    break; // declares a type only
                default:
                    throw new IllegalStateException("unhandled mapping action " + step.rule.action());
            }
        }
        moved.forEach(path -> path.remove(source));
        ObjectNode result = mapped;
        if (keepUnmapped) {
            result = source;
            result.setAll(mapped);
        }
        for (JsonPath path : removed) {
            path.remove(result);
        }
        return new Mapped(result, sqlTypes);
    }

    private void set(int index, Step step, ObjectNode mapped, JsonNode value) throws EventRejectedException {
        if (!step.dst.set(mapped, value, true)) {
            throw new EventRejectedException("mapping " + where(index) + ": cannot set " + step.dst
                    + ": a value on its path is not an object");
        }
    }

    private String where(int index) {
        return index < configuredRules
                ? Mappings.CONFIG_KEY + "[" + index + "] (" + rules.get(index) + ")"
                : "added for SQL destinations (" + rules.get(index) + ")";
    }

    /**
     * The column names a path flattens to, one per {@code ||} alternative: segments sanitised as
     * {@link ColumnNames#sanitize} does and joined with {@code _}, as the flattener names nested keys.
     */
    public static List<String> columnNames(String path) {
        List<String> names = new ArrayList<>();
        for (List<String> segments : JsonPath.parse(path).alternatives()) {
            List<String> sanitised = new ArrayList<>(segments.size());
            segments.forEach(s -> sanitised.add(ColumnNames.sanitize(s)));
            names.add(String.join("_", sanitised));
        }
        return names;
    }

    private static Map<String, ExplicitSqlType> explicitTypes(List<MappingRule> rules) {
        Map<String, ExplicitSqlType> types = new LinkedHashMap<>();
        for (MappingRule rule : rules) {
            if (rule.dst() == null || rule.dst().isBlank() || (blank(rule.type()) && blank(rule.columnType()))) {
                continue;
            }
            String ddl = blank(rule.columnType()) ? rule.type().strip() : rule.columnType().strip();
            String cast = blank(rule.type()) ? null : rule.type().strip();
            for (String column : columnNames(rule.dst())) {
                types.put(column, new ExplicitSqlType(ddl, cast)); // a later rule for the same column wins
            }
        }
        return types;
    }

    /** Jitsu's check: a move from (an alternative of) {@code path} to a dst that flattens to {@code column}. */
    private static boolean movesToItself(List<MappingRule> rules, String path, String column) {
        List<String> sources = alternatives(path);
        for (MappingRule rule : rules) {
            if (rule.action() == Action.MOVE && !Collections.disjoint(alternatives(rule.src()), sources)
                    && columnNames(rule.dst()).contains(column)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> alternatives(String path) {
        List<String> out = new ArrayList<>();
        for (List<String> segments : JsonPath.parse(path).alternatives()) {
            out.add("/" + String.join("/", segments));
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private List<Step> steps() {
        if (steps == null) {
            List<Step> compiled = new ArrayList<>(rules.size());
            rules.forEach(r -> compiled.add(new Step(r)));
            steps = compiled;
        }
        return steps;
    }

    /** A rule with its paths parsed and its constant read. */
    private static final class Step {
        final MappingRule rule;
        final JsonPath src;
        final List<JsonPath> srcAlternatives = new ArrayList<>();
        final JsonPath dst;
        final JsonNode value;

        Step(MappingRule rule) {
            this.rule = rule;
            this.src = blank(rule.src()) ? null : JsonPath.parse(rule.src());
            if (src != null) {
                alternatives(rule.src()).forEach(a -> srcAlternatives.add(JsonPath.parse(a)));
            }
            this.dst = blank(rule.dst()) ? null : JsonPath.parse(rule.dst());
            try {
                this.value = rule.valueJson() == null ? NullNode.getInstance() : Events.mapper().readTree(rule.valueJson());
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("mapping " + rule + ": value is not valid JSON", e); // validated before
            }
        }
    }
}
