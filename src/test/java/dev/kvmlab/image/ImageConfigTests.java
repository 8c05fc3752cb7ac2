package dev.kvmlab.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.KvmlabException;

class ImageConfigTests {

	@Test
	void setAndClearKeepOtherSettings(@TempDir Path data) throws Exception {
		Files.writeString(data.resolve("config.json"), "{\"other\": {\"x\": 1}}");
		ImageConfig config = new ImageConfig(data);
		assertThat(config.baseImage()).isNull();
		config.baseImage("/srv/images/debian-12.qcow2", "qcow2");
		assertThat(new ImageConfig(data).baseImage()).isEqualTo("/srv/images/debian-12.qcow2");
		assertThat(new ImageConfig(data).baseImageFormat()).isEqualTo("qcow2");
		assertThat(Files.readString(data.resolve("config.json"))).contains("\"other\"");
		config.baseImage(null, null);
		assertThat(config.baseImage()).isNull();
		assertThat(config.baseImageFormat()).isNull();
		assertThat(Files.readString(data.resolve("config.json"))).contains("\"other\"");
		try (var leftovers = Files.list(data)) {
			assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactly("config.json");
		}
	}

	@Test
	void aMissingFolderIsCreated(@TempDir Path data) {
		ImageConfig config = new ImageConfig(data.resolve("new/dir"));
		config.baseImage("/x.img", null);
		assertThat(config.baseImage()).isEqualTo("/x.img");
		assertThat(config.baseImageFormat()).isNull();
	}

	@Test
	void aBrokenFileIsOneLineToFix(@TempDir Path data) throws Exception {
		Files.writeString(data.resolve("config.json"), "[1, 2");
		assertThatThrownBy(() -> new ImageConfig(data).baseImage()).isInstanceOf(KvmlabException.class)
			.hasMessageContaining("config.json").hasMessageContaining("fix or remove");
		Files.writeString(data.resolve("config.json"), "[1, 2]");
		assertThatThrownBy(() -> new ImageConfig(data).baseImage()).hasMessageContaining("expected a JSON object");
	}
}
