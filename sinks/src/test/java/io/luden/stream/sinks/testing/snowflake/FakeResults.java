package io.luden.stream.sinks.testing.snowflake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.luden.stream.sinks.testing.snowflake.FakeModel.Table;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/** Results as Snowflake's JSON result format has them (rowtype + rowset of strings), and information_schema views. */
final class FakeResults {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private FakeResults() {}

    static FakeType typeOf(Object v) {
        if (v instanceof BigDecimal) {
            BigDecimal d = (BigDecimal) v;
            return new FakeType(FakeType.Kind.NUMBER, 38, Math.max(d.scale(), 0));
        }
        if (v instanceof Double) {
            return FakeType.FLOAT;
        }
        if (v instanceof Boolean) {
            return FakeType.BOOLEAN;
        }
        if (v instanceof LocalDateTime) {
            return FakeType.NTZ9;
        }
        if (v instanceof OffsetDateTime) {
            return FakeType.parse("TIMESTAMP_TZ(9)");
        }
        if (v instanceof LocalDate) {
            return FakeType.parse("DATE");
        }
        return FakeType.TEXT;
    }

    static ArrayNode rowtype(FakeEngine.Result r) {
        ArrayNode out = JSON.arrayNode();
        for (int i = 0; i < r.names.size(); i++) {
            FakeType t = r.types.get(i);
            ObjectNode c = out.addObject();
            c.put("name", r.names.get(i));
            c.put("database", FakeEngine.DATABASE);
            c.put("schema", "");
            c.put("table", "");
            c.put("nullable", true);
            c.putNull("collation");
            switch (t.kind) {
                case TEXT:
                    c.put("type", "text");
                    c.put("length", t.size);
                    c.put("byteLength", Math.min(4L * t.size, FakeType.MAX_TEXT));
                    c.putNull("precision");
                    c.putNull("scale");
                    break;
                case NUMBER:
                    c.put("type", "fixed");
                    c.put("precision", t.size);
                    c.put("scale", t.scale);
                    c.putNull("length");
                    c.putNull("byteLength");
                    break;
                case FLOAT:
                    c.put("type", "real");
                    break;
                case BOOLEAN:
                    c.put("type", "boolean");
                    break;
                case DATE:
                    c.put("type", "date");
                    break;
                case TIMESTAMP_NTZ:
                    c.put("type", "timestamp_ntz");
                    c.put("scale", t.size);
                    c.put("precision", 0);
                    break;
                case TIMESTAMP_TZ:
                    c.put("type", "timestamp_tz");
                    c.put("scale", t.size);
                    c.put("precision", 0);
                    break;
                default:
                    throw new IllegalStateException(t.kind.name());
            }
        }
        return out;
    }

    static ArrayNode rowset(FakeEngine.Result r) {
        ArrayNode out = JSON.arrayNode();
        for (Object[] row : r.rows) {
            ArrayNode a = out.addArray();
            for (Object v : row) {
                if (v == null) {
                    a.addNull();
                } else {
                    a.add(encode(v));
                }
            }
        }
        return out;
    }

    /** A value as Snowflake's JSON rowset writes it: timestamps as epoch seconds with 9 fraction digits, booleans 1/0. */
    static String encode(Object v) {
        if (v instanceof Boolean) {
            return (Boolean) v ? "1" : "0";
        }
        if (v instanceof BigDecimal) {
            return ((BigDecimal) v).toPlainString();
        }
        if (v instanceof Double) {
            return Double.toString((Double) v);
        }
        if (v instanceof LocalDateTime) {
            LocalDateTime t = (LocalDateTime) v;
            return epoch(t.toEpochSecond(ZoneOffset.UTC), t.getNano());
        }
        if (v instanceof OffsetDateTime) {
            OffsetDateTime t = (OffsetDateTime) v;
            return epoch(t.toEpochSecond(), t.getNano()) + " " + (t.getOffset().getTotalSeconds() / 60 + 1440);
        }
        if (v instanceof LocalDate) {
            return Long.toString(((LocalDate) v).toEpochDay());
        }
        return v.toString();
    }

    private static String epoch(long seconds, int nanos) {
        BigDecimal s = BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(nanos, 9));
        return s.setScale(9).toPlainString();
    }

    /** information_schema.columns / schemata / tables of the fake's one database. */
    static FakeEngine.Result informationSchema(FakeModel model, String view) {
        FakeEngine.Result r = new FakeEngine.Result();
        switch (view) {
            case "COLUMNS": {
                String[] names = {"TABLE_CATALOG", "TABLE_SCHEMA", "TABLE_NAME", "COLUMN_NAME", "ORDINAL_POSITION",
                        "DATA_TYPE", "CHARACTER_MAXIMUM_LENGTH", "NUMERIC_PRECISION", "NUMERIC_SCALE", "DATETIME_PRECISION",
                        "IS_NULLABLE"};
                for (String n : names) {
                    r.names.add(n);
                    r.types.add(n.equals("ORDINAL_POSITION") || n.startsWith("NUMERIC") || n.startsWith("CHARACTER")
                            || n.startsWith("DATETIME") ? FakeType.COUNT : FakeType.TEXT);
                }
                for (Map.Entry<String, Map<String, Table>> s : model.schemas.entrySet()) {
                    for (Map.Entry<String, Table> t : s.getValue().entrySet()) {
                        int position = 0;
                        for (Map.Entry<String, FakeType> c : t.getValue().columns.entrySet()) {
                            FakeType type = c.getValue();
                            boolean text = type.kind == FakeType.Kind.TEXT;
                            boolean number = type.kind == FakeType.Kind.NUMBER;
                            boolean time = type.kind == FakeType.Kind.TIMESTAMP_NTZ || type.kind == FakeType.Kind.TIMESTAMP_TZ;
                            r.rows.add(new Object[] {FakeEngine.DATABASE, s.getKey(), t.getKey(), c.getKey(),
                                    BigDecimal.valueOf(++position), type.dataType(),
                                    text ? BigDecimal.valueOf(type.size) : null,
                                    number ? BigDecimal.valueOf(type.size) : type.kind == FakeType.Kind.FLOAT ? BigDecimal.valueOf(53) : null,
                                    number ? BigDecimal.valueOf(type.scale) : null,
                                    time ? BigDecimal.valueOf(type.size) : null, "YES"});
                        }
                    }
                }
                return r;
            }
            case "SCHEMATA":
                r.names.add("CATALOG_NAME");
                r.names.add("SCHEMA_NAME");
                r.types.add(FakeType.TEXT);
                r.types.add(FakeType.TEXT);
                model.schemas.keySet().forEach(s -> r.rows.add(new Object[] {FakeEngine.DATABASE, s}));
                return r;
            case "TABLES":
                r.names.add("TABLE_SCHEMA");
                r.names.add("TABLE_NAME");
                r.types.add(FakeType.TEXT);
                r.types.add(FakeType.TEXT);
                model.schemas.forEach((s, tables) -> tables.keySet().forEach(t -> r.rows.add(new Object[] {s, t})));
                return r;
            default:
                throw FakeError.notFound("View 'INFORMATION_SCHEMA." + view + "'");
        }
    }
}
