package dev.kvmlab.lab;

import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where kvmlab's content lives (labs/, grading/, curriculum/): the {@code kvmlab.home} property
 * (set by the launcher), else {@code KVMLAB_HOME}, else the working directory.
 */
@Component
public class ContentRoot {

	private final Path home;

	@org.springframework.beans.factory.annotation.Autowired
	public ContentRoot(@Value("${kvmlab.home:}") String home) {
		if (!home.isBlank()) {
			this.home = Path.of(home).toAbsolutePath().normalize();
		}
		else if (System.getenv("KVMLAB_HOME") != null) {
			this.home = Path.of(System.getenv("KVMLAB_HOME")).toAbsolutePath().normalize();
		}
		else {
			this.home = Path.of("").toAbsolutePath();
		}
	}

	public ContentRoot(Path home) {
		this.home = home.toAbsolutePath().normalize();
	}

	public Path home() {
		return home;
	}

	public Path labs() {
		return home.resolve("labs");
	}

	public Path grading() {
		return home.resolve("grading");
	}

	public Path curriculum() {
		return home.resolve("curriculum");
	}

	public boolean exists() {
		return Files.isDirectory(labs());
	}
}
