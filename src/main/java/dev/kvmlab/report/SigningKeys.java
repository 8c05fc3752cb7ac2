package dev.kvmlab.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.kvmlab.KvmlabException;
import dev.kvmlab.progress.AtomicFiles;
import dev.kvmlab.progress.ProgressStore;

/**
 * kvmlab's signing key: an Ed25519 key pair made once, on first use, in the data directory as
 * {@code keys/kvmlab-ed25519} (PKCS#8 PEM, mode 0600, in a 0700 folder) and
 * {@code keys/kvmlab-ed25519.pub} (X.509 SubjectPublicKeyInfo PEM). Both are plain OpenSSL formats:
 * {@code openssl pkey -in kvmlab-ed25519 -pubout} prints the public key. A key is named by its
 * fingerprint, {@code SHA256:} and the unpadded base64 of the SHA-256 of the public key's DER bytes.
 */
@Component
public class SigningKeys {

	public static final String ALGORITHM = "Ed25519";

	public static final String PRIVATE_FILE = "kvmlab-ed25519";

	public static final String PUBLIC_FILE = PRIVATE_FILE + ".pub";

	private final Path dir;

	/** The key pair, and whether this call made it. */
	public record Keys(KeyPair pair, boolean created, Path privateFile) {

		public String fingerprint() {
			return SigningKeys.fingerprint(pair.getPublic());
		}
	}

	@org.springframework.beans.factory.annotation.Autowired
	public SigningKeys(ProgressStore store) {
		this(store.dir().resolve("keys"));
	}

	public SigningKeys(Path dir) {
		this.dir = dir;
	}

	public Path privateFile() {
		return dir.resolve(PRIVATE_FILE);
	}

	public Path publicFile() {
		return dir.resolve(PUBLIC_FILE);
	}

	/** This machine's key pair, made now if there is none yet. */
	public synchronized Keys loadOrCreate() {
		if (Files.exists(privateFile()) || Files.exists(publicFile())) {
			return new Keys(load(), false, privateFile());
		}
		try {
			KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
			createPrivateDir();
			AtomicFiles.write(privateFile(), pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
			AtomicFiles.write(publicFile(), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
			return new Keys(pair, true, privateFile());
		}
		catch (GeneralSecurityException | IOException e) {
			throw KvmlabException.usageKey("error.signing-key-make", dir, e.getMessage());
		}
	}

	/** This machine's public key, if kvmlab made one (never makes one). */
	public Optional<PublicKey> localPublicKey() {
		if (!Files.isRegularFile(publicFile())) {
			return Optional.empty();
		}
		try {
			return Optional.of(publicKey(unpem(Files.readString(publicFile(), StandardCharsets.US_ASCII), "PUBLIC KEY")));
		}
		catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
			return Optional.empty();
		}
	}

	private KeyPair load() {
		if (!Files.isRegularFile(privateFile()) || !Files.isRegularFile(publicFile())) {
			throw KvmlabException.usageKey("error.signing-key-half", dir, PRIVATE_FILE, PUBLIC_FILE);
		}
		try {
			tightenPermissions();
			KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
			PrivateKey priv = factory.generatePrivate(new PKCS8EncodedKeySpec(
					unpem(Files.readString(privateFile(), StandardCharsets.US_ASCII), "PRIVATE KEY")));
			PublicKey pub = publicKey(unpem(Files.readString(publicFile(), StandardCharsets.US_ASCII), "PUBLIC KEY"));
			return new KeyPair(pub, priv);
		}
		catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
			throw KvmlabException.usageKey("error.signing-key-read", dir, e.getMessage());
		}
	}

	/** A private key readable by others is made 0600 again (like ssh, kvmlab will not sign with a shared key). */
	private void tightenPermissions() throws IOException {
		if (!Files.getFileStore(privateFile()).supportsFileAttributeView("posix")) {
			return;
		}
		Set<PosixFilePermission> perms = Files.getPosixFilePermissions(privateFile());
		Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
		if (!ownerOnly.containsAll(perms)) {
			Files.setPosixFilePermissions(privateFile(), ownerOnly);
		}
	}

	private void createPrivateDir() throws IOException {
		if (Files.isDirectory(dir)) {
			return;
		}
		Files.createDirectories(dir.toAbsolutePath().getParent());
		if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
			Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		else {
			Files.createDirectory(dir);
		}
	}

	public static PublicKey publicKey(byte[] x509) throws GeneralSecurityException {
		return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
	}

	public static String fingerprint(PublicKey key) {
		return fingerprint(key.getEncoded());
	}

	public static String fingerprint(byte[] x509) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(x509);
			return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	static byte[] pem(String type, byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	static byte[] unpem(String text, String type) {
		String begin = "-----BEGIN " + type + "-----";
		String end = "-----END " + type + "-----";
		int b = text.indexOf(begin);
		int e = text.indexOf(end);
		if (b < 0 || e < b) {
			throw new IllegalArgumentException("not a PEM " + type);
		}
		return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
	}
}
