package io.luden.stream.config;

import java.io.Serializable;
import java.util.List;

/** One entry of {@code api_keys}: a token id and the secrets that stand for it (Jitsu's shape). */
public final class ApiKey implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String id;
    private final String clientSecret;
    private final String serverSecret;
    private final List<String> origins;

    public ApiKey(String id, String clientSecret, String serverSecret, List<String> origins) {
        this.id = id;
        this.clientSecret = clientSecret;
        this.serverSecret = serverSecret;
        this.origins = origins == null ? List.of() : List.copyOf(origins);
    }

    public String id() { return id; }
    public String clientSecret() { return clientSecret; }
    public String serverSecret() { return serverSecret; }
    public List<String> origins() { return origins; }

    /** True when {@code token} is this key's id, client secret or server secret. */
    public boolean matches(String token) {
        return token != null && (token.equals(id) || token.equals(clientSecret) || token.equals(serverSecret));
    }
}
