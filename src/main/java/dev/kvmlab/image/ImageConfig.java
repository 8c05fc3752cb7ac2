package dev.kvmlab.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.kvmlab.KvmlabException;

/**
 * kvmlab's settings file, {@code <data>/config.json}: a JSON object whose keys other features may
 * share (unknown keys are kept). This feature owns {@code baseImage}: a learner's own cloud image
 * ({@code image use PATH}), with {@code baseImageFormat} as qemu-img reported it.
 */
public final class ImageConfig {

	static final String BASE_IMAGE = "baseImage";

	static final String BASE_IMAGE_FORMAT = "baseImageFormat";

	private final Path file;

	private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	public ImageConfig(Path dataDir) {
		this.file = dataDir.resolve("config.json");
	}

	public Path file() {
		return file;
	}

	/** The base image path, or null when none is set. */
	public String baseImage() {
		JsonNode v = load().get(BASE_IMAGE);
		return v == null || v.isNull() ? null : v.asText();
	}

	public String baseImageFormat() {
		JsonNode v = load().get(BASE_IMAGE_FORMAT);
		return v == null || v.isNull() ? null : v.asText();
	}

	public synchronized void baseImage(String path, String format) {
		ObjectNode node = load();
		if (path == null) {
			node.remove(BASE_IMAGE);
			node.remove(BASE_IMAGE_FORMAT);
		}
		else {
			node.put(BASE_IMAGE, path);
			if (format == null) {
				node.remove(BASE_IMAGE_FORMAT);
			}
			else {
				node.put(BASE_IMAGE_FORMAT, format);
			}
		}
		save(node);
	}

	private ObjectNode load() {
		if (!Files.exists(file)) {
			return json.createObjectNode();
		}
		try {
			JsonNode node = json.readTree(file.toFile());
			if (node instanceof ObjectNode o) {
				return o;
			}
			throw KvmlabException.usageKey("error.image-config-not-object", file);
		}
		catch (IOException e) {
			throw KvmlabException.usageKey("error.image-config-unreadable", file, e.getMessage().lines().findFirst().orElse(""));
		}
	}

	private void save(ObjectNode node) {
		try {
			Files.createDirectories(file.getParent());
			Path tmp = Files.createTempFile(file.getParent(), "config", ".tmp");
			try {
				Files.write(tmp, json.writeValueAsBytes(node));
				try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
					ch.force(true);
				}
				try {
					Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				catch (AtomicMoveNotSupportedException e) {
					Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			finally {
				Files.deleteIfExists(tmp);
			}
		}
		catch (IOException e) {
			throw KvmlabException.usageKey("error.image-config-save", file, e.getMessage());
		}
	}
}
