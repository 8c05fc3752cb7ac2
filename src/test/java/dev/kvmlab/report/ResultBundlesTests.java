package dev.kvmlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kvmlab.KvmlabException;
import dev.kvmlab.fixtures.Results;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.Status;
import dev.kvmlab.progress.Attempt;
import dev.kvmlab.progress.ProgressStore;
import dev.kvmlab.progress.ResultStore;

class ResultBundlesTests {

	private static final ObjectMapper JSON = new ObjectMapper();

	@TempDir
	Path data;

	private SigningKeys keys;

	private ResultBundles bundles;

	private GradeResult graded;

	@BeforeEach
	void aLearnerWhoGradedBridgeNetwork() {
		ProgressStore progress = new ProgressStore(data);
		ResultStore results = new ResultStore(progress);
		keys = new SigningKeys(progress);
		bundles = new ResultBundles(keys, results, progress);
		graded = Results.bridgeNetwork60(Instant.parse("2025-03-01T10:00:00Z"));
		results.saveLatest(graded);
		progress.update(p -> {
			p.lab("bridge-network").attempts = 1;
			p.lab("bridge-network").history.add(new Attempt("2025-03-01T10:00:00Z", "qemu:///system", false, 60, 100,
					false, false));
		});
	}

	private byte[] exported() {
		return bundles.export("bridge-network", "alice").json().getBytes(StandardCharsets.UTF_8);
	}

	@Nested
	class RoundTrip {

		@Test
		void anExportedBundleVerifiesWithItsResultAndEvidence() {
			ResultBundles.Verification v = bundles.verify(exported(), null);

			assertThat(v.valid()).isTrue();
			assertThat(v.thisMachinesKey()).isTrue();
			assertThat(v.learner()).isEqualTo("alice");
			assertThat(v.fingerprint()).isEqualTo(keys.loadOrCreate().fingerprint()).startsWith("SHA256:");
			assertThat(v.result()).isEqualTo(graded);
			assertThat(v.result().criteria()).extracting(c -> c.status()).containsExactly(Status.PASS, Status.PASS,
					Status.FAIL, Status.FAIL, Status.PASS);
		}

		@Test
		void theBundleCarriesThePublicKeyItsFingerprintAndTheAttempts() throws Exception {
			var root = JSON.readTree(exported());

			assertThat(root.path("format").asText()).isEqualTo(ResultBundles.FORMAT);
			assertThat(root.at("/signature/algorithm").asText()).isEqualTo("Ed25519");
			assertThat(root.at("/signature/fingerprint").asText()).isEqualTo(keys.loadOrCreate().fingerprint());
			assertThat(root.at("/signature/publicKey").asText()).isNotBlank();
			assertThat(root.at("/payload/attempts")).hasSize(1);
			assertThat(root.at("/payload/result/criteria/2/found").asText()).contains(Results.HOSTILE);
		}

		@Test
		void theKeyIsMadeOnceOwnerOnlyAndReused() throws Exception {
			ResultBundles.Export first = bundles.export("bridge-network", "alice");
			ResultBundles.Export second = bundles.export("bridge-network", "alice");

			assertThat(first.keyCreated()).isTrue();
			assertThat(second.keyCreated()).isFalse();
			assertThat(second.fingerprint()).isEqualTo(first.fingerprint());
			Path priv = data.resolve("keys").resolve("kvmlab-ed25519");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv.getParent()))).isEqualTo("rwx------");
			assertThat(Files.readString(priv)).startsWith("-----BEGIN PRIVATE KEY-----");
			assertThat(Files.readString(data.resolve("keys").resolve("kvmlab-ed25519.pub"))).startsWith("-----BEGIN PUBLIC KEY-----");
		}

		@Test
		void aPrivateKeyMadeReadableByOthersIsTightenedBeforeUse() throws Exception {
			bundles.export("bridge-network", "alice");
			Path priv = data.resolve("keys").resolve("kvmlab-ed25519");
			Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-r--r--"));

			bundles.export("bridge-network", "alice");

			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
		}

		@Test
		void aLabNeverGradedCannotBeExported() {
			assertThatThrownBy(() -> bundles.export("host-readiness", "alice")).isInstanceOf(KvmlabException.class)
				.hasMessageContaining("lab grade host-readiness");
		}
	}

	@Nested
	class Rejected {

		private byte[] edit(java.util.function.Consumer<ObjectNode> change) throws Exception {
			ObjectNode root = (ObjectNode) JSON.readTree(exported());
			change.accept(root);
			return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
		}

		@Test
		void aRaisedScoreBreaksTheSignature() throws Exception {
			byte[] tampered = edit(root -> ((ObjectNode) root.at("/payload/result")).put("score", 100).put("passed", true));

			ResultBundles.Verification v = bundles.verify(tampered, null);

			assertThat(v.valid()).isFalse();
			assertThat(v.reasonKey()).isEqualTo("verify.bad.signature");
		}

		@Test
		void editedEvidenceBreaksTheSignature() throws Exception {
			byte[] tampered = edit(root -> ((ObjectNode) root.at("/payload/result/criteria/2")).put("status", "PASS"));

			assertThat(bundles.verify(tampered, null).reasonKey()).isEqualTo("verify.bad.signature");
		}

		@Test
		void aChangedByteInTheFileIsCaught() {
			String text = new String(exported(), StandardCharsets.UTF_8).replace("\"learner\" : \"alice\"",
					"\"learner\" : \"mallory\"");

			assertThat(bundles.verify(text.getBytes(StandardCharsets.UTF_8), null).valid()).isFalse();
		}

		@Test
		void reformattingWithoutChangesStillVerifies() throws Exception {
			byte[] compact = JSON.writeValueAsBytes(JSON.readTree(exported()));

			assertThat(bundles.verify(compact, null).valid()).isTrue();
		}

		@Test
		void aBundleSignedWithAnotherKeyThanTheOneItNamesIsRejected() throws Exception {
			KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			ObjectNode payload = (ObjectNode) JSON.readTree(exported()).get("payload");
			// signed by `other`, but naming this machine's public key and fingerprint
			ObjectNode forged = (ObjectNode) JSON.readTree(ResultBundles.sign(payload, other.getPrivate(), other.getPublic()));
			ObjectNode mine = (ObjectNode) JSON.readTree(exported()).get("signature");
			((ObjectNode) forged.get("signature")).put("publicKey", mine.get("publicKey").asText())
				.put("fingerprint", mine.get("fingerprint").asText());

			ResultBundles.Verification v = bundles.verify(JSON.writeValueAsBytes(forged), null);

			assertThat(v.valid()).isFalse();
			assertThat(v.reasonKey()).isEqualTo("verify.bad.signature");
		}

		@Test
		void aValidBundleFromAnotherKeyIsRejectedWhenTheExpectedKeyIsPinned() throws Exception {
			KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			ObjectNode payload = (ObjectNode) JSON.readTree(exported()).get("payload");
			byte[] signedElsewhere = ResultBundles.sign(payload, other.getPrivate(), other.getPublic())
				.getBytes(StandardCharsets.UTF_8);
			String ours = keys.loadOrCreate().fingerprint();

			ResultBundles.Verification unpinned = bundles.verify(signedElsewhere, null);
			ResultBundles.Verification pinned = bundles.verify(signedElsewhere, ours);

			assertThat(unpinned.valid()).isTrue();
			assertThat(unpinned.thisMachinesKey()).isFalse();
			assertThat(pinned.valid()).isFalse();
			assertThat(pinned.reasonKey()).isEqualTo("verify.bad.expected-key");
			assertThat(pinned.reasonArgs()).containsExactly(SigningKeys.fingerprint(other.getPublic()), ours);
		}

		@Test
		void aFingerprintThatIsNotThePublicKeysIsRejected() throws Exception {
			byte[] tampered = edit(root -> ((ObjectNode) root.get("signature")).put("fingerprint", "SHA256:AAAA"));

			assertThat(bundles.verify(tampered, null).reasonKey()).isEqualTo("verify.bad.fingerprint");
		}

		@Test
		void aFractionInsertedIntoThePayloadIsRejected() throws Exception {
			byte[] tampered = edit(root -> ((ObjectNode) root.at("/payload/result")).put("score", 60.0));

			assertThat(bundles.verify(tampered, null).reasonKey()).isEqualTo("verify.bad.signature");
		}

		@Test
		void aDuplicatedKeyIsRejected() {
			String text = new String(exported(), StandardCharsets.UTF_8).replaceFirst("\"kind\" : \"lab-result\",",
					"\"kind\" : \"lab-result\", \"kind\" : \"lab-result\",");

			assertThat(bundles.verify(text.getBytes(StandardCharsets.UTF_8), null).reasonKey()).isEqualTo("verify.bad.json");
		}

		@Test
		void somethingElseIsNotABundle() throws Exception {
			assertThat(bundles.verify("not json".getBytes(StandardCharsets.UTF_8), null).reasonKey()).isEqualTo("verify.bad.json");
			assertThat(bundles.verify("{\"format\":\"x\"}".getBytes(StandardCharsets.UTF_8), null).reasonKey())
				.isEqualTo("verify.bad.format");
			assertThat(bundles.verify(edit(root -> root.remove("signature")), null).reasonKey()).isEqualTo("verify.missing");
			assertThat(bundles.verify(edit(root -> ((ObjectNode) root.get("signature")).put("algorithm", "RSA")), null)
				.reasonKey()).isEqualTo("verify.bad.algorithm");
		}
	}
}
