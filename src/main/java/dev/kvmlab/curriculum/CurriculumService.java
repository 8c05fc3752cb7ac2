package dev.kvmlab.curriculum;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.asciidoctor.ast.StructuralNode;
import org.jline.utils.AttributedString;
import org.springframework.stereotype.Service;

import dev.kvmlab.content.ContentException;
import dev.kvmlab.content.Lang;
import dev.kvmlab.lab.ContentRoot;

/**
 * The lessons for the commands: loads them on first use (which starts AsciidoctorJ, see
 * {@link AdocEngine}) and again when a file changed, renders sections for the terminal, searches
 * and exports. Creating this bean costs nothing: commands such as {@code lab grade} that never read
 * a lesson never start AsciidoctorJ.
 */
@Service
public class CurriculumService {

	private final ContentRoot root;

	private Curriculum curriculum;

	private String signature;

	private CurriculumSearch search;

	public CurriculumService(ContentRoot root) {
		this.root = root;
	}

	public Path dir() {
		return root.curriculum();
	}

	/** The course (each file parsed when first needed), new after a lesson file changed. */
	public synchronized Curriculum curriculum() {
		String sig = signature();
		if (curriculum == null || !sig.equals(signature)) {
			Path dir = dir();
			if (!Files.isDirectory(dir.resolve("en")) && !Files.isDirectory(dir.resolve("zh-CN"))) {
				throw new ContentException(dir, 0, "no lessons here (expected en/m1.adoc ...); run kvmlab from its folder or set KVMLAB_HOME");
			}
			curriculum = new Curriculum(dir, null);
			signature = sig;
			search = null;
		}
		return curriculum;
	}

	/** Loads the lessons if nobody has yet: the shell's background warm-up. */
	public void preload() {
		Curriculum c = curriculum();
		for (Lang lang : Lang.values()) {
			c.docs(lang);
		}
	}

	private String signature() {
		StringBuilder b = new StringBuilder();
		for (Lang lang : Lang.values()) {
			Path d = dir().resolve(lang.tag());
			if (!Files.isDirectory(d)) {
				continue;
			}
			try (Stream<Path> s = Files.list(d)) {
				for (Path p : s.filter(f -> f.toString().endsWith(".adoc")).sorted().toList()) {
					b.append(p).append(':').append(Files.getLastModifiedTime(p).toMillis()).append(':').append(Files.size(p))
						.append(';');
				}
			}
			catch (IOException e) {
				b.append(d).append(":unreadable;");
			}
		}
		return b.toString();
	}

	/** A section rendered for the terminal (with its subsections), or a whole module when {@code sectionId} is null. */
	public String render(String moduleKey, String sectionId, Lang lang, int width, boolean color) {
		Curriculum c = curriculum();
		ModuleDoc doc = c.module(moduleKey, lang);
		return AdocEngine.call(a -> {
			AnsiRenderer r = new AnsiRenderer(width);
			if (sectionId == null) {
				return r.toText(r.render(doc.document()), color);
			}
			Object node = doc.document().getCatalog().getRefs().get(sectionId);
			if (!(node instanceof StructuralNode sn)) {
				throw new ContentException(doc.file(), 0, "no section '" + sectionId + "'");
			}
			return r.toText(r.render(sn), color);
		});
	}

	/** The text before a module's first section (its introduction), rendered; empty when there is none. */
	public String renderPreamble(String moduleKey, Lang lang, int width, boolean color) {
		ModuleDoc doc = curriculum().module(moduleKey, lang);
		return AdocEngine.call(a -> {
			AnsiRenderer r = new AnsiRenderer(width);
			List<AttributedString> lines = new ArrayList<>();
			for (StructuralNode n : doc.document().getBlocks()) {
				if ("preamble".equals(n.getContext())) {
					lines.addAll(r.render(n));
				}
			}
			return r.toText(lines, color);
		});
	}

	public synchronized CurriculumSearch.Result search(String query, Lang lang) {
		Curriculum c = curriculum();
		if (search == null) {
			search = AdocEngine.call(a -> CurriculumSearch.index(c));
		}
		return search.search(query, lang);
	}

	public List<HtmlExporter.Page> exportHtml(Path target) {
		Curriculum c = curriculum();
		return AdocEngine.call(a -> new HtmlExporter(c).export(a, target));
	}

	public List<String> validate() {
		return new CurriculumValidator(dir()).validate();
	}

	/** The anchored headings in course order, from a quick scan (no parsing): for "what next". */
	public List<Outline.Entry> outline(Lang lang) {
		return Outline.scan(dir(), lang);
	}

	public Optional<CourseSection> find(String idOrNumber, Lang lang) {
		return curriculum().find(idOrNumber, lang);
	}
}
