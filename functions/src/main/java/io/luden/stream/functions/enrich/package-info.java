/**
 * Lookup enrichment (SPEC §6): {@link io.luden.stream.functions.enrich.LookupEnrichment} runs the
 * default and configured {@link io.luden.stream.functions.enrich.EnrichmentRule}s with
 * {@link io.luden.stream.functions.enrich.IpLookup} (MaxMind) and
 * {@link io.luden.stream.functions.enrich.UserAgentParse} (uap-core).
 *
 * <p>Decisions where SPEC is silent, kept here so they are found next to the code:
 * <ul>
 *   <li>Keys as Jitsu's {@code geo.Data}: {@code continent} is the English continent name
 *       ("Europe"), {@code country} the ISO code, {@code country_name} the English name,
 *       {@code region} the ISO code of the first subdivision ({@code RU-} prefixed in Russia),
 *       {@code zip} the postal code; coordinates are decimal (float) nodes. {@code isp} comes from
 *       an ISP/Enterprise database (Jitsu declared it but never filled it). Enterprise databases,
 *       which Jitsu refused, are read as City plus traits.</li>
 *   <li>A comma list: the first address the database <em>knows</em> wins; Jitsu took the first
 *       address that parses, so a private first hop gave an empty location.</li>
 *   <li>IPv4 with leading zeros and host names are not addresses (no DNS lookups).</li>
 *   <li>User agents: uap-core rules from uap-java; device brand and model from the same
 *       {@code regexes.yaml} (uap-java drops them). {@code bot} appears only when true (Go's
 *       omitempty). An agent where nothing is recognised sets nothing.</li>
 *   <li>A rule's name, from and to are lower-cased before use, as Jitsu does.</li>
 *   <li>An existing target that is null or not an object is left alone by {@code ip_lookup}.</li>
 * </ul>
 */
package io.luden.stream.functions.enrich;
