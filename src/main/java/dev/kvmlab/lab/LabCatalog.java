package dev.kvmlab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.ContentException;
import dev.kvmlab.grading.Rubric;
import dev.kvmlab.grading.RubricLoader;

/**
 * All labs and their rubrics, loaded from the content root on first use. Lookups accept a lab's id
 * or one of its aliases (old ids kept after a rename).
 */
@Component
public class LabCatalog {

	private final ContentRoot root;

	private final LabLoader labs;

	private final RubricLoader rubrics;

	private Map<String, Lab> byId;

	public LabCatalog(ContentRoot root, LabLoader labs, RubricLoader rubrics) {
		this.root = root;
		this.labs = labs;
		this.rubrics = rubrics;
	}

	/** Every lab, by module then id. Throws {@link ContentException} on the first malformed file. */
	public synchronized List<Lab> all() {
		if (byId == null) {
			Map<String, Lab> map = new LinkedHashMap<>();
			for (Path file : labFiles()) {
				Lab lab = labs.loadOrExplain(file);
				map.put(lab.id(), lab);
			}
			byId = map;
		}
		return byId.values().stream().sorted(Comparator.comparingInt(Lab::module).thenComparing(Lab::id)).toList();
	}

	public List<Path> labFiles() {
		Path dir = root.labs();
		if (!Files.isDirectory(dir)) {
			throw new ContentException(dir, 0, "no labs folder here; run kvmlab from its folder or set KVMLAB_HOME");
		}
		try (Stream<Path> s = Files.list(dir)) {
			List<Path> out = new ArrayList<>();
			for (Path p : s.sorted().toList()) {
				if (Files.isRegularFile(p.resolve("lab.yaml"))) {
					out.add(p.resolve("lab.yaml"));
				}
			}
			return out;
		}
		catch (IOException e) {
			throw new ContentException(dir, 0, "cannot list: " + e.getMessage());
		}
	}

	public Optional<Lab> find(String idOrAlias) {
		for (Lab lab : all()) {
			if (lab.id().equals(idOrAlias) || lab.aliases().contains(idOrAlias)) {
				return Optional.of(lab);
			}
		}
		return Optional.empty();
	}

	public List<String> ids() {
		return all().stream().map(Lab::id).toList();
	}

	private record CachedRubric(java.nio.file.attribute.FileTime modified, Rubric rubric) {
	}

	private final Map<Path, CachedRubric> rubricCache = new java.util.concurrent.ConcurrentHashMap<>();

	/** A rubric is parsed once per shell session, again only when its file changes (authors edit while testing). */
	private Rubric cachedRubric(Path file) {
		java.nio.file.attribute.FileTime modified;
		try {
			modified = Files.getLastModifiedTime(file);
		}
		catch (IOException e) {
			throw new ContentException(file, 0, "cannot read: " + e.getMessage());
		}
		CachedRubric cached = rubricCache.get(file);
		if (cached != null && cached.modified().equals(modified)) {
			return cached.rubric();
		}
		Rubric rubric = rubrics.loadOrExplain(file);
		rubricCache.put(file, new CachedRubric(modified, rubric));
		return rubric;
	}

	public Path rubricFile(String labId) {
		return root.grading().resolve(labId + ".yaml");
	}

	public Rubric rubric(Lab lab) {
		Path file = rubricFile(lab.id());
		if (!Files.isRegularFile(file)) {
			throw new ContentException(file, 0, "lab " + lab.id() + " has no rubric");
		}
		Rubric rubric = cachedRubric(file);
		if (!rubric.labId().equals(lab.id())) {
			throw new ContentException(file, 0, "rubric is for lab '" + rubric.labId() + "', expected " + lab.id());
		}
		return rubric;
	}
}
