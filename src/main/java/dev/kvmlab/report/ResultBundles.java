package dev.kvmlab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kvmlab.KvmlabException;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.GradeResultCodec;
import dev.kvmlab.host.UriRedactor;
import dev.kvmlab.progress.Attempt;
import dev.kvmlab.progress.LabProgress;
import dev.kvmlab.progress.ProgressStore;
import dev.kvmlab.progress.ResultStore;

/**
 * Signed result bundles ({@code report export} / {@code report verify}): a lab's latest full
 * result with its evidence and attempt history, signed with this machine's Ed25519 key, the public
 * key and its fingerprint included.
 *
 * <p>What a valid signature proves: the payload is byte for byte what kvmlab wrote, signed by the
 * holder of the named key. What it does not prove: that the host really was in that state. The
 * learner controls their machine, their kvmlab and their key; only an instructor's own remote
 * grading ({@code class grade}) is authoritative.
 *
 * <pre>
 * {"format": "kvmlab-result-bundle", "format_version": 1,
 *  "payload": {"kind": "lab-result", "learner", "exportedAt", "kvmlab", "result": {...},
 *              "attempts": [...], "bestScore", "bestMax"},
 *  "signature": {"algorithm": "Ed25519", "publicKey": base64 X.509, "fingerprint": "SHA256:...",
 *                "value": base64}}
 * </pre>
 *
 * The signature covers {@link #CONTEXT} followed by the canonical JSON of the payload.
 */
@Component
public class ResultBundles {

	public static final String FORMAT = "kvmlab-result-bundle";

	public static final int FORMAT_VERSION = 1;

	/** Prefixed to the signed bytes so a kvmlab signature can never be replayed as another kind of message. */
	static final String CONTEXT = FORMAT + " v" + FORMAT_VERSION + "\n";

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	/** Reads bundles strictly: a duplicated key is an error, not "the last one wins". */
	private static final ObjectMapper STRICT = new ObjectMapper()
		.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

	private final SigningKeys keys;

	private final ResultStore results;

	private final ProgressStore progress;

	public ResultBundles(SigningKeys keys, ResultStore results, ProgressStore progress) {
		this.keys = keys;
		this.results = results;
		this.progress = progress;
	}

	/** A bundle ready to write, with what the command reports about it. */
	public record Export(String json, GradeResult result, String fingerprint, boolean keyCreated) {
	}

	/** Signs the lab's latest result; a lab never graded is a usage error (exit 2). */
	public Export export(String lab, String learner) {
		GradeResult result = results.latest(lab)
			.orElseThrow(() -> KvmlabException.usageKey("error.no-result", lab));
		LabProgress lp = progress.load().labs.getOrDefault(lab, new LabProgress());
		SigningKeys.Keys k = keys.loadOrCreate();
		ObjectNode payload = JSON.createObjectNode();
		payload.put("kind", "lab-result");
		payload.put("learner", learner);
		payload.put("exportedAt", Instant.now().toString());
		payload.put("kvmlab", version());
		payload.set("result", GradeResultCodec.encode(result));
		ArrayNode attempts = payload.putArray("attempts");
		for (Attempt a : lp.history) {
			ObjectNode n = attempts.addObject();
			n.put("at", a.at());
			n.put("uri", UriRedactor.redact(a.uri())); // attempts recorded before URIs were redacted at the source
			n.put("practice", a.practice());
			n.put("score", a.score());
			n.put("maxScore", a.maxScore());
			n.put("passed", a.passed());
			n.put("incomplete", a.incomplete());
		}
		payload.put("bestScore", lp.bestScore);
		payload.put("bestMax", lp.bestMax);
		return new Export(sign(payload, k.pair().getPrivate(), k.pair().getPublic()), result, k.fingerprint(),
				k.created());
	}

	/** The bundle text for a payload signed with this key (tests sign with keys of their own). */
	public static String sign(ObjectNode payload, PrivateKey key, PublicKey publicKey) {
		try {
			Signature s = Signature.getInstance(SigningKeys.ALGORITHM);
			s.initSign(key);
			s.update(signedBytes(payload));
			ObjectNode root = JSON.createObjectNode();
			root.put("format", FORMAT);
			root.put("format_version", FORMAT_VERSION);
			root.set("payload", payload);
			ObjectNode sig = root.putObject("signature");
			sig.put("algorithm", SigningKeys.ALGORITHM);
			sig.put("publicKey", Base64.getEncoder().encodeToString(publicKey.getEncoded()));
			sig.put("fingerprint", SigningKeys.fingerprint(publicKey));
			sig.put("value", Base64.getEncoder().encodeToString(s.sign()));
			return JSON.writeValueAsString(root) + "\n";
		}
		catch (GeneralSecurityException | JsonProcessingException e) {
			throw new IllegalStateException("cannot sign: " + e.getMessage(), e);
		}
	}

	private static byte[] signedBytes(JsonNode payload) {
		byte[] context = CONTEXT.getBytes(StandardCharsets.UTF_8);
		byte[] body = CanonicalJson.bytes(payload);
		byte[] out = new byte[context.length + body.length];
		System.arraycopy(context, 0, out, 0, context.length);
		System.arraycopy(body, 0, out, context.length, body.length);
		return out;
	}

	/**
	 * The outcome of checking a bundle. Invalid ones carry a reason as a message key and its
	 * arguments (the command prints it in the learner's language).
	 */
	public record Verification(boolean valid, String reasonKey, List<String> reasonArgs, String fingerprint,
			boolean thisMachinesKey, String learner, String exportedAt, GradeResult result) {

		static Verification invalid(String key, String... args) {
			return new Verification(false, key, List.of(args), null, false, null, null, null);
		}
	}

	/**
	 * Checks a bundle: its form, that the fingerprint is the included key's, that the signature over
	 * the payload is valid for that key, that the payload is a kvmlab result, and, when
	 * {@code expectedFingerprint} is given, that it was signed with that key.
	 */
	public Verification verify(byte[] bundle, String expectedFingerprint) {
		JsonNode root;
		try {
			root = STRICT.readTree(bundle);
		}
		catch (IOException e) {
			return Verification.invalid("verify.bad.json", firstLine(e.getMessage()));
		}
		if (root == null || !root.isObject()) {
			return Verification.invalid("verify.bad.json", "not a JSON object");
		}
		if (!FORMAT.equals(root.path("format").asText(null))) {
			return Verification.invalid("verify.bad.format", String.valueOf(root.path("format").asText("(none)")));
		}
		if (!root.path("format_version").isInt() || root.get("format_version").asInt() != FORMAT_VERSION) {
			return Verification.invalid("verify.bad.version", root.path("format_version").toString());
		}
		JsonNode payload = root.get("payload");
		JsonNode sig = root.get("signature");
		if (payload == null || !payload.isObject()) {
			return Verification.invalid("verify.missing", "payload");
		}
		if (sig == null || !sig.isObject()) {
			return Verification.invalid("verify.missing", "signature");
		}
		for (String field : new String[] { "algorithm", "publicKey", "fingerprint", "value" }) {
			if (!sig.path(field).isTextual()) {
				return Verification.invalid("verify.missing", "signature." + field);
			}
		}
		if (!SigningKeys.ALGORITHM.equals(sig.get("algorithm").asText())) {
			return Verification.invalid("verify.bad.algorithm", sig.get("algorithm").asText());
		}
		byte[] keyBytes;
		byte[] value;
		PublicKey key;
		try {
			keyBytes = Base64.getDecoder().decode(sig.get("publicKey").asText());
			value = Base64.getDecoder().decode(sig.get("value").asText());
			key = SigningKeys.publicKey(keyBytes);
		}
		catch (IllegalArgumentException | GeneralSecurityException e) {
			return Verification.invalid("verify.bad.key", firstLine(e.getMessage()));
		}
		String fingerprint = SigningKeys.fingerprint(keyBytes);
		String stated = sig.get("fingerprint").asText();
		if (!fingerprint.equals(stated)) {
			return Verification.invalid("verify.bad.fingerprint", stated, fingerprint);
		}
		boolean ok;
		try {
			Signature s = Signature.getInstance(SigningKeys.ALGORITHM);
			s.initVerify(key);
			s.update(signedBytes(payload));
			ok = s.verify(value);
		}
		catch (GeneralSecurityException | IllegalArgumentException e) {
			ok = false;
		}
		if (!ok) {
			return Verification.invalid("verify.bad.signature", fingerprint);
		}
		if (expectedFingerprint != null && !expectedFingerprint.isBlank() && !expectedFingerprint.trim().equals(fingerprint)) {
			return Verification.invalid("verify.bad.expected-key", fingerprint, expectedFingerprint.trim());
		}
		GradeResult result;
		try {
			if (!"lab-result".equals(payload.path("kind").asText())) {
				throw new IllegalArgumentException("kind is not lab-result");
			}
			result = GradeResultCodec.decode(payload.get("result"));
		}
		catch (IllegalArgumentException e) {
			return Verification.invalid("verify.bad.payload", e.getMessage());
		}
		Optional<PublicKey> local = keys.localPublicKey();
		boolean mine = local.isPresent() && SigningKeys.fingerprint(local.get()).equals(fingerprint);
		return new Verification(true, null, List.of(), fingerprint, mine, payload.path("learner").asText(null),
				payload.path("exportedAt").asText(null), result);
	}

	static String version() {
		String v = ResultBundles.class.getPackage().getImplementationVersion();
		return v == null ? "dev" : v;
	}

	private static String firstLine(String s) {
		return s == null ? "" : s.lines().findFirst().orElse("");
	}
}
