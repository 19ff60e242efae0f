package io.luden.stream.functions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.config.DataLayout;
import io.luden.stream.config.DestinationConfig;
import io.luden.stream.functions.js.JsTransform;
import io.luden.stream.functions.js.SqlTypeHints;
import io.luden.stream.functions.mapping.FieldMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SPEC §1 step 3: mapping rules or a JavaScript transform (never both) turn one event into the rows
 * to load, with the SQL types they declare. Without either, the event is its one row. GraalJS is
 * touched only by a destination that has a transform, so a job without JavaScript runs where
 * GraalJS is not installed.
 */
abstract class RowShaper implements AutoCloseable {

    static RowShaper of(DestinationConfig destination) {
        DataLayout layout = destination.dataLayout();
        if (layout.mappings() != null) {
            return new Mapping(new FieldMapper(layout.mappings()));
        }
        if (layout.transform() != null) {
            return new Transform(new JsTransform(layout.transform(), layout.transformTimeout()),
                    destination.id(), destination.type());
        }
        return new Identity();
    }

    /** The rows of one event (possibly none: skipped). The event may be modified. */
    abstract Shaped shape(ObjectNode event) throws Exception;

    @Override
    public void close() {}

    /** Rows, and the SQL types that mappings declared for all of them. */
    static final class Shaped {
        private final List<ObjectNode> rows;
        private final Map<String, ExplicitSqlType> declared;

        Shaped(List<ObjectNode> rows, Map<String, ExplicitSqlType> declared) {
            this.rows = rows;
            this.declared = declared;
        }

        List<ObjectNode> rows() {
            return rows;
        }

        /** Declared types for {@code row}, its {@code __sql_type_} hints taken out of it (and winning). */
        Map<String, ExplicitSqlType> typesOf(ObjectNode row) throws EventRejectedException {
            Map<String, ExplicitSqlType> hints = SqlTypeHints.extract(row);
            if (hints.isEmpty()) {
                return declared;
            }
            Map<String, ExplicitSqlType> all = new HashMap<>(declared);
            all.putAll(hints);
            return all;
        }
    }

    private static final class Identity extends RowShaper {
        @Override
        Shaped shape(ObjectNode event) {
            return new Shaped(List.of(event), Map.of());
        }
    }

    private static final class Mapping extends RowShaper {
        private final FieldMapper mapper;

        Mapping(FieldMapper mapper) {
            this.mapper = mapper;
        }

        @Override
        Shaped shape(ObjectNode event) throws EventRejectedException {
            FieldMapper.Mapped mapped = mapper.apply(event);
            return new Shaped(List.of(mapped.event()), mapped.sqlTypes());
        }
    }

    private static final class Transform extends RowShaper {
        private final JsTransform transform;
        private final String destinationId;
        private final String destinationType;

        Transform(JsTransform transform, String destinationId, String destinationType) {
            this.transform = transform;
            this.destinationId = destinationId;
            this.destinationType = destinationType;
        }

        @Override
        Shaped shape(ObjectNode event) throws Exception {
            return new Shaped(transform.apply(event, destinationId, destinationType), Map.of());
        }

        @Override
        public void close() {
            transform.close();
        }
    }
}
