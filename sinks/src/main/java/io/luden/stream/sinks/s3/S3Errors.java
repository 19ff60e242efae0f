package io.luden.stream.sinks.s3;

import io.luden.stream.sinks.WarehouseException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.Set;

/**
 * What an S3 failure means for the rows. No answer (network, timeout, DNS), a server error or
 * throttling, and also a refusal that no row caused — bad or missing credentials, no such bucket, the
 * wrong region, access denied — is connection-class: the events wait and are retried once the server
 * or the configuration is fixed, as a bad password does for the SQL warehouses. Any other 4xx refused
 * the object for what it held, so its rows go to {@code failed}.
 */
final class S3Errors {
    /** Codes of a refusal caused by the configuration or the account, not by the object. */
    private static final Set<String> CONFIGURATION = Set.of("InvalidAccessKeyId", "SignatureDoesNotMatch",
            "AccessDenied", "AllAccessDisabled", "NoSuchBucket", "PermanentRedirect", "AuthorizationHeaderMalformed",
            "InvalidToken", "ExpiredToken", "TokenRefreshRequired", "AccountProblem", "InvalidBucketName",
            "IllegalLocationConstraintException", "RequestTimeTooSkewed", "SlowDown",
            "ServiceUnavailable", "InternalError", "RequestTimeout", "OperationAborted");

    private S3Errors() {}

    /**
     * @param what the call that failed, naming bucket and key
     * @param server where the bucket is (endpoint or region), said when no answer came
     */
    static WarehouseException classify(SdkException e, String what, String server) {
        String message = what + (e instanceof SdkClientException ? " at " + server : "") + ": " + describe(e);
        if (e instanceof SdkClientException) {
            return new WarehouseException(WarehouseException.Kind.CONNECTION, message, e);
        }
        if (e instanceof AwsServiceException s) {
            int status = s.statusCode();
            String code = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            boolean connection = status >= 500 || status == 429 || status == 408 || status == 401 || status == 403
                    || status == 404 || status == 301 || status == 307 || (code != null && CONFIGURATION.contains(code));
            return new WarehouseException(connection ? WarehouseException.Kind.CONNECTION : WarehouseException.Kind.DATA,
                    message, e);
        }
        return new WarehouseException(WarehouseException.Kind.CONNECTION, message, e);
    }

    /** The server's code and message, or the client's own, without the SDK's boilerplate. */
    static String describe(SdkException e) {
        if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
            String code = s.awsErrorDetails().errorCode();
            String msg = s.awsErrorDetails().errorMessage();
            return "HTTP " + s.statusCode() + (code == null ? "" : " " + code) + (msg == null ? "" : ": " + msg);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
    }
}
