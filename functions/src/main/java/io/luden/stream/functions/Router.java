package io.luden.stream.functions;

import io.luden.stream.config.ApiKey;
import io.luden.stream.config.DestinationConfig;
import io.luden.stream.config.LudenConfig;
import io.luden.stream.functions.spool.SpoolFiles;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Multiplexing (SPEC §2–§3): the token of an event, and the destinations that take it. A token given
 * as a client or server secret stands for its token id; a destination without {@code only_tokens}
 * takes every token.
 */
public final class Router implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<ApiKey> apiKeys;
    private final List<String> allDestinations = new ArrayList<>();
    /** Per destination (same order as allDestinations): the token ids it takes, or null for all. */
    private final List<Set<String>> acceptedTokens = new ArrayList<>();

    public Router(LudenConfig config) {
        this.apiKeys = config.apiKeys();
        for (DestinationConfig d : config.destinations().values()) {
            allDestinations.add(d.id());
            if (d.onlyTokens() == null || d.onlyTokens().isEmpty()) {
                acceptedTokens.add(null);
            } else {
                Set<String> ids = new HashSet<>();
                for (String t : d.onlyTokens()) {
                    ids.add(tokenId(t));
                }
                acceptedTokens.add(ids);
            }
        }
    }

    /**
     * The token id of an event: its {@code api_key} when it has one, else the {@code tok=<id>} part of
     * the spool file name; null when neither is there.
     */
    public String tokenOf(String apiKey, String path) {
        if (apiKey != null && !apiKey.isEmpty()) {
            return tokenId(apiKey);
        }
        String fromFile = path == null ? null : SpoolFiles.tokenFromFileName(path);
        return fromFile == null ? null : tokenId(fromFile);
    }

    /** A token id, client secret or server secret → the token id; an unknown token stays as it is. */
    public String tokenId(String token) {
        for (ApiKey k : apiKeys) {
            if (k.matches(token)) {
                return k.id();
            }
        }
        return token;
    }

    /** Destinations (in configuration order) that take events of {@code tokenId} (may be null). */
    public List<String> destinationsFor(String tokenId) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < allDestinations.size(); i++) {
            Set<String> accepted = acceptedTokens.get(i);
            if (accepted == null || (tokenId != null && accepted.contains(tokenId))) {
                out.add(allDestinations.get(i));
            }
        }
        return out;
    }
}
