package io.luden.stream.functions.enrich;

import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AbstractCityResponse;
import com.maxmind.geoip2.model.AbstractCountryResponse;
import com.maxmind.geoip2.model.AsnResponse;
import com.maxmind.geoip2.model.DomainResponse;
import com.maxmind.geoip2.model.EnterpriseResponse;
import com.maxmind.geoip2.model.IspResponse;
import com.maxmind.geoip2.record.Subdivision;
import com.maxmind.geoip2.record.Traits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code ip_lookup} resolver (SPEC §6): a MaxMind database read with MaxMind's own reader,
 * answering with Jitsu's location keys ({@code continent, country, country_name, city, latitude,
 * longitude, zip, region, autonomous_system_number, autonomous_system_organization, isp,
 * organization, domain}); absent values are left out.
 *
 * <p>The file is memory-mapped: opening one per subtask costs a metadata read, and the operating
 * system shares the pages, so instances are not pooled. A reader is thread-safe.
 */
public final class IpLookup implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(IpLookup.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Dotted quad without leading zeros, as Go's {@code net.ParseIP} accepts it. */
    private static final Pattern IPV4 = Pattern.compile(
            "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Characters of an IPv6 literal (with an optional embedded IPv4 tail); never a host name. */
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** Which MaxMind query the database answers, from its metadata {@code database_type}. */
    enum Kind { ENTERPRISE, CITY, COUNTRY, ISP, ASN, DOMAIN }

    private final String path;
    private final DatabaseReader reader;
    private final Kind kind;
    private boolean failureLogged;

    private IpLookup(String path, DatabaseReader reader, Kind kind) {
        this.path = path;
        this.reader = reader;
        this.kind = kind;
    }

    /**
     * Opens the database at {@code path}.
     *
     * @throws IllegalArgumentException naming the path and the reason when the file is missing,
     *     unreadable, not a MaxMind database, or of a type without location data
     */
    public static IpLookup open(String path) {
        File file = readableFile(path);
        DatabaseReader reader;
        try {
            reader = new DatabaseReader.Builder(file).fileMode(Reader.FileMode.MEMORY_MAPPED).build();
        } catch (IOException | RuntimeException e) {
            throw invalid(path, "not a readable MaxMind database (" + e.getMessage() + ")", e);
        }
        String type = reader.getMetadata().getDatabaseType();
        Kind kind = kindOf(type);
        if (kind == null) {
            closeQuietly(reader);
            throw invalid(path, "MaxMind database type '" + type
                    + "' has no location data; use a City, Country, ASN, ISP, Domain or Enterprise database", null);
        }
        return new IpLookup(path, reader, kind);
    }

    /** Start-up check of {@code geo.maxmind_path}: opens and closes the database, or throws like {@link #open}. */
    public static void check(String path) {
        open(path).close();
    }

    /** The database's own type name, e.g. {@code GeoLite2-City}. */
    public String databaseType() {
        return reader.getMetadata().getDatabaseType();
    }

    /**
     * Resolves {@code ips}: one address or a comma-separated list tried left to right; the first
     * address the database knows wins. Returns null when none resolves (invalid, private, unknown).
     */
    public ObjectNode lookup(String ips) {
        if (ips == null) {
            return null;
        }
        for (String candidate : ips.split(",", -1)) {
            InetAddress address = parseLiteral(candidate.trim());
            if (address == null) {
                continue;
            }
            ObjectNode found = resolve(address);
            if (found != null && !found.isEmpty()) {
                return found;
            }
        }
        return null;
    }

    private ObjectNode resolve(InetAddress address) {
        try {
            switch (kind) {
                case ENTERPRISE: return reader.tryEnterprise(address).map(IpLookup::fromEnterprise).orElse(null);
                case CITY: return reader.tryCity(address).map(IpLookup::fromCity).orElse(null);
                case COUNTRY: return reader.tryCountry(address).map(IpLookup::fromCountry).orElse(null);
                case ISP: return reader.tryIsp(address).map(IpLookup::fromIsp).orElse(null);
                case ASN: return reader.tryAsn(address).map(IpLookup::fromAsn).orElse(null);
                case DOMAIN: return reader.tryDomain(address).map(IpLookup::fromDomain).orElse(null);
                default: throw new IllegalStateException("unhandled database kind " + kind);
            }
        } catch (IOException | GeoIp2Exception e) {
            // a damaged file fails every lookup: say so once, then behave like "unknown IP" (Jitsu logs and sets nothing)
            if (!failureLogged) {
                failureLogged = true;
                LOG.warn("MaxMind database {}: lookup of {} failed: {}", path, address.getHostAddress(), e.toString());
            }
            return null;
        }
    }

    @Override
    public void close() {
        closeQuietly(reader);
    }

    // ---- mapping MaxMind records to Jitsu's keys (package-private: tested with built responses) ----

    static ObjectNode fromCountry(AbstractCountryResponse r) {
        ObjectNode out = NODES.objectNode();
        put(out, "continent", english(r.getContinent() == null ? null : r.getContinent().getNames()));
        put(out, "country", r.getCountry() == null ? null : r.getCountry().getIsoCode());
        put(out, "country_name", english(r.getCountry() == null ? null : r.getCountry().getNames()));
        return out;
    }

    static ObjectNode fromCity(AbstractCityResponse r) {
        ObjectNode out = fromCountry(r);
        put(out, "city", english(r.getCity() == null ? null : r.getCity().getNames()));
        if (r.getLocation() != null) {
            putNumber(out, "latitude", r.getLocation().getLatitude());
            putNumber(out, "longitude", r.getLocation().getLongitude());
        }
        put(out, "zip", r.getPostal() == null ? null : r.getPostal().getCode());
        put(out, "region", region(r));
        return out;
    }

    static ObjectNode fromEnterprise(EnterpriseResponse r) {
        ObjectNode out = fromCity(r);
        Traits t = r.getTraits();
        if (t != null) {
            putAs(out, t.getAutonomousSystemNumber(), t.getAutonomousSystemOrganization());
            put(out, "isp", t.getIsp());
            put(out, "organization", t.getOrganization());
            put(out, "domain", t.getDomain());
        }
        return out;
    }

    static ObjectNode fromIsp(IspResponse r) {
        ObjectNode out = fromAsn(r);
        put(out, "isp", r.getIsp());
        put(out, "organization", r.getOrganization());
        return out;
    }

    static ObjectNode fromAsn(AsnResponse r) {
        ObjectNode out = NODES.objectNode();
        putAs(out, r.getAutonomousSystemNumber(), r.getAutonomousSystemOrganization());
        return out;
    }

    static ObjectNode fromDomain(DomainResponse r) {
        ObjectNode out = NODES.objectNode();
        put(out, "domain", r.getDomain());
        return out;
    }

    /** Jitsu: ISO code of the first (largest) subdivision; Russian ones are prefixed {@code RU-}. */
    private static String region(AbstractCityResponse r) {
        List<Subdivision> subdivisions = r.getSubdivisions();
        if (subdivisions == null || subdivisions.isEmpty()) {
            return null;
        }
        String iso = subdivisions.get(0).getIsoCode();
        if (iso == null || iso.isEmpty()) {
            return null;
        }
        String country = r.getCountry() == null ? null : r.getCountry().getIsoCode();
        return "RU".equals(country) ? "RU-" + iso : iso;
    }

    private static void putAs(ObjectNode out, Long number, String organization) {
        if (number != null && number != 0) {
            out.put("autonomous_system_number", number);
        }
        put(out, "autonomous_system_organization", organization);
    }

    private static String english(Map<String, String> names) {
        return names == null ? null : names.get("en");
    }

    private static void put(ObjectNode out, String key, String value) {
        if (value != null && !value.isEmpty()) {
            out.put(key, value);
        }
    }

    /** Coordinates as decimal nodes, the form a float takes when an event is parsed (see {@code Events}). */
    private static void putNumber(ObjectNode out, String key, Double value) {
        if (value != null && !value.isNaN() && !value.isInfinite()) {
            out.set(key, DecimalNode.valueOf(BigDecimal.valueOf(value)));
        }
    }

    // ---- opening ----

    static Kind kindOf(String databaseType) {
        if (databaseType == null) {
            return null;
        }
        String t = databaseType.toLowerCase(Locale.ROOT);
        if (t.contains("enterprise")) {
            return Kind.ENTERPRISE;
        }
        if (t.contains("city")) {
            return Kind.CITY;
        }
        if (t.contains("country")) {
            return Kind.COUNTRY;
        }
        if (t.contains("isp")) {
            return Kind.ISP;
        }
        if (t.contains("asn")) {
            return Kind.ASN;
        }
        if (t.contains("domain")) {
            return Kind.DOMAIN;
        }
        return null;
    }

    /** An IP literal, or null; never a DNS lookup (host names are rejected before {@link InetAddress}). */
    static InetAddress parseLiteral(String text) {
        if (text.isEmpty()) {
            return null;
        }
        boolean v4 = IPV4.matcher(text).matches();
        boolean v6 = !v4 && text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches();
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static File readableFile(String path) {
        if (path == null || path.isBlank()) {
            throw invalid(path, "no path given", null);
        }
        Path p = Paths.get(path);
        if (!Files.exists(p)) {
            throw invalid(path, "file not found", null);
        }
        if (!Files.isRegularFile(p)) {
            throw invalid(path, "not a regular file", null);
        }
        if (!Files.isReadable(p)) {
            throw invalid(path, "file not readable", null);
        }
        return p.toFile();
    }

    private static IllegalArgumentException invalid(String path, String reason, Throwable cause) {
        return new IllegalArgumentException("geo.maxmind_path '" + path + "': " + reason, cause);
    }

    private static void closeQuietly(DatabaseReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            LOG.debug("closing a MaxMind database failed", e);
        }
    }

    @Override
    public String toString() {
        return "IpLookup[" + path + ", " + databaseType() + "]";
    }
}
