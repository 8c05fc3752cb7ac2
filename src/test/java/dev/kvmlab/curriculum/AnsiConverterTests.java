package dev.kvmlab.curriculum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.asciidoctor.Options;
import org.asciidoctor.ast.Document;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

import dev.kvmlab.content.Lang;

/**
 * The terminal converter on small AsciiDoc documents: headings, paragraphs (CJK wrapping), inline
 * styles, listings, admonitions, lists and tables aligned by display width. All share the one
 * AsciidoctorJ instance of {@link AdocEngine}.
 */
class AnsiConverterTests {

	private static List<AttributedString> render(String adoc, int width) {
		return render(adoc, width, Lang.EN);
	}

	private static List<AttributedString> render(String adoc, int width, Lang lang) {
		return AdocEngine.call(a -> {
			Document doc = a.load(adoc, Options.builder().backend(AnsiConverter.BACKEND)
				.attributes(CurriculumLoader.attributes(lang)).build());
			return new AnsiRenderer(width).render(doc);
		});
	}

	private static List<String> plain(List<AttributedString> lines) {
		return lines.stream().map(AttributedString::toString).toList();
	}

	private static AttributedStyle styleOf(List<AttributedString> lines, String word) {
		for (AttributedString l : lines) {
			int i = l.toString().indexOf(word);
			if (i >= 0) {
				return l.styleAt(i);
			}
		}
		throw new AssertionError("'" + word + "' not in " + plain(lines));
	}

	private static AttributedStyle bold() {
		return AttributedStyle.BOLD;
	}

	@Test
	void convertsThroughTheRegisteredAnsiBackend() {
		String out = AdocEngine.call(a -> a.convert("== Hello\n\nSome *bold* text.", Options.builder()
			.backend(AnsiConverter.BACKEND).attributes(org.asciidoctor.Attributes.builder().attribute("kvmlab-width", "60")
				.build())
			.build()));
		assertThat(out).contains("\u001b[").contains("Hello");
		assertThat(TermText.strip(out)).contains("Hello").contains("Some bold text.");
	}

	@Test
	void headingsAreBoldAndUnderlinedWithARule() {
		List<AttributedString> lines = render("= Doc\n\n[[m9-1]]\n== 9.1 Section title\n\nText.\n\n=== Sub\n\nMore.\n", 60);
		List<String> text = plain(lines);
		assertThat(text).contains("9.1 Section title", "Sub").doesNotContain("[[m9-1]]");
		assertThat(text.get(text.indexOf("9.1 Section title") + 1)).isEqualTo("─".repeat("9.1 Section title".length()));
		assertThat(styleOf(lines, "9.1 Section").getStyle() & bold().getStyle()).isNotZero();
		assertThat(styleOf(lines, "Sub").getStyle() & bold().getStyle()).isNotZero();
		assertThat(styleOf(lines, "Text.")).isEqualTo(AttributedStyle.DEFAULT);
	}

	@Test
	void inlineBoldAndMonospaceAreStyledAndNest() {
		List<AttributedString> lines = render("Run *really `virsh list`* now and `ls`.", 80);
		assertThat(plain(lines)).containsExactly("Run really virsh list now and ls.");
		AttributedStyle really = styleOf(lines, "really");
		AttributedStyle virsh = styleOf(lines, "virsh");
		assertThat(really.getStyle() & bold().getStyle()).isNotZero();
		assertThat(virsh.getStyle() & bold().getStyle()).as("code inside bold stays bold").isNotZero();
		assertThat(virsh).isNotEqualTo(really);
		assertThat(styleOf(lines, "now")).isEqualTo(AttributedStyle.DEFAULT);
		assertThat(styleOf(lines, "ls.")).isNotEqualTo(AttributedStyle.DEFAULT);
	}

	@Test
	void optionsInMonospaceKeepTheirDoubleDash() {
		List<String> text = plain(render("Pass `--disk-only` or *--all*, see `virsh` help; a -- b.", 80));
		assertThat(text.get(0)).isEqualTo("Pass --disk-only or --all, see virsh help; a\u2009—\u2009b.");
	}

	@Test
	void entitiesAndTypographicQuotesAreDecoded() {
		List<String> text = plain(render("Use <domain> & it's \"fine\"... -- ok", 80));
		assertThat(text.get(0)).contains("<domain> & it’s").doesNotContain("&lt;").doesNotContain("&#");
	}

	@Test
	void paragraphsWrapByDisplayWidthIncludingChinese() {
		String zh = "虚拟机监控器的核心难题只有一个：让客户机操作系统以为自己独占整台机器，同时宿主机仍然牢牢掌握控制权。客户机内核要执行特权指令、修改页表、直接操作设备。";
		List<AttributedString> lines = render(zh + "\n" + "第二行源文本接在后面。", 40, Lang.ZH_CN);
		assertThat(lines).hasSizeGreaterThan(3);
		for (AttributedString l : lines) {
			assertThat(l.columnLength()).isLessThanOrEqualTo(40);
			assertThat("，。、；：？！）").doesNotContain(l.toString().substring(0, 1));
		}
		String joined = String.join("", plain(lines));
		assertThat(joined).contains("设备。第二行").as("no space where a source line break joined two Chinese lines");
	}

	@Test
	void longEnglishParagraphsWrapAtSpaces() {
		String text = "The quick brown fox jumps over the lazy dog. ".repeat(6);
		List<String> lines = plain(render(text, 30));
		assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(30));
		assertThat(lines).allSatisfy(l -> assertThat(l).doesNotEndWith(" ").doesNotStartWith(" "));
		assertThat(String.join(" ", lines)).isEqualTo(text.strip());
	}

	@Test
	void shellListingsHighlightCommandsFlagsStringsAndComments() {
		List<AttributedString> lines = render("""
				[source,bash]
				----
				# list every VM
				sudo virsh list --all | grep -i 'running'
				virsh start lab-vm1   # boots it
				----
				""", 80);
		List<String> text = plain(lines);
		assertThat(text).containsExactly("    # list every VM", "    sudo virsh list --all | grep -i 'running'",
				"    virsh start lab-vm1   # boots it");
		assertThat(lines.get(1).styleAt(text.get(1).indexOf("virsh"))).isEqualTo(CodeHighlighter.COMMAND);
		assertThat(lines.get(1).styleAt(text.get(1).indexOf("grep"))).isEqualTo(CodeHighlighter.COMMAND);
		assertThat(lines.get(1).styleAt(text.get(1).indexOf("--all"))).isEqualTo(CodeHighlighter.OPTION);
		assertThat(lines.get(1).styleAt(text.get(1).indexOf("list"))).isEqualTo(AttributedStyle.DEFAULT);
		assertThat(lines.get(1).styleAt(text.get(1).indexOf("'running'"))).isEqualTo(CodeHighlighter.STRING);
		assertThat(lines.get(0).styleAt(4)).isEqualTo(CodeHighlighter.COMMENT);
		assertThat(lines.get(2).styleAt(text.get(2).indexOf("# boots"))).isEqualTo(CodeHighlighter.COMMENT);
		assertThat(lines.get(2).styleAt(text.get(2).indexOf("lab-vm1"))).isEqualTo(AttributedStyle.DEFAULT);
	}

	@Test
	void heredocBodiesAndXmlListings() {
		List<AttributedString> sh = render("""
				[source,bash]
				----
				cat > net.xml <<'EOF'
				<network><name>lab</name></network>
				EOF
				virsh net-define net.xml
				----
				""", 80);
		assertThat(sh.get(0).styleAt(4)).isEqualTo(CodeHighlighter.COMMAND);
		assertThat(sh.get(1).styleAt(4)).as("heredoc body is not a command").isEqualTo(AttributedStyle.DEFAULT);
		assertThat(sh.get(3).styleAt(4)).isEqualTo(CodeHighlighter.COMMAND);
		List<AttributedString> xml = render("""
				[source,xml]
				----
				<interface type='bridge'>
				  <model type='virtio'/>
				</interface>
				----
				""", 80);
		String first = xml.get(0).toString();
		assertThat(xml.get(0).styleAt(first.indexOf("<interface"))).isEqualTo(CodeHighlighter.TAG);
		assertThat(xml.get(0).styleAt(first.indexOf("type"))).isEqualTo(CodeHighlighter.OPTION);
		assertThat(xml.get(0).styleAt(first.indexOf("'bridge'"))).isEqualTo(CodeHighlighter.STRING);
	}

	@Test
	void admonitionsHaveAColouredLabelledBar() {
		List<AttributedString> lines = render("""
				WARNING: Never run this on a production host, because it removes every network that is not in use right now.

				[TIP]
				====
				Compound tip.

				[source,bash]
				----
				virsh list
				----
				====
				""", 40);
		List<String> text = plain(lines);
		assertThat(text.get(0)).isEqualTo("┃ WARNING");
		int tip = text.indexOf("┃ TIP");
		assertThat(tip).isPositive();
		for (int i = 0; i < text.size(); i++) {
			if (!text.get(i).isEmpty()) {
				assertThat(text.get(i)).startsWith("┃ ");
				assertThat(lines.get(i).columnLength()).isLessThanOrEqualTo(40);
			}
		}
		assertThat(lines.get(0).styleAt(2)).isEqualTo(AnsiRenderer.admonitionStyle("warning"));
		assertThat(lines.get(tip).styleAt(0)).isEqualTo(AnsiRenderer.admonitionStyle("tip"));
		assertThat(text).contains("┃     virsh list");
		List<String> zh = plain(render("WARNING: 小心。\n", 40, Lang.ZH_CN));
		assertThat(zh.get(0)).isEqualTo("┃ 警告");
	}

	@Test
	void listsHaveMarkersAndHangingIndents() {
		List<String> text = plain(render("""
				* first item that is long enough to wrap onto a second line here
				** nested
				* second

				//
				. one
				. two
				""", 40));
		assertThat(text.get(0)).startsWith("• first item");
		assertThat(text.get(1)).startsWith("  ").doesNotStartWith("   ");
		assertThat(text).contains("  ◦ nested", "• second", "1. one", "2. two");
	}

	@Test
	void tablesAreDrawnWithBoxCharactersAndAlignedByDisplayWidth() {
		List<AttributedString> lines = render("""
				[cols="1,2",options="header"]
				|===
				|模式 |说明
				|NAT |默认网络 virbr0，客户机可以访问外网
				|桥接 (bridge) |客户机直接出现在局域网中
				|macvtap |不需要网桥
				|===
				""", 60, Lang.ZH_CN);
		List<String> text = plain(lines);
		assertThat(text.get(0)).startsWith("┌").endsWith("┐");
		assertThat(text.get(text.size() - 1)).startsWith("└").endsWith("┘");
		assertThat(text).anyMatch(l -> l.startsWith("╞") && l.contains("╪"));
		int width = lines.get(0).columnLength();
		List<Integer> separators = null;
		for (AttributedString l : lines) {
			assertThat(l.columnLength()).as("every row as wide as the frame: " + l).isEqualTo(width);
			List<Integer> cols = new ArrayList<>();
			for (int c = 0; c < l.columnLength(); c++) {
				String ch = l.columnSubSequence(c, c + 1).toString();
				if ("│┼╪┬┴├┤╞╡┌┐└┘".contains(ch) && !ch.isEmpty()) {
					cols.add(c);
				}
			}
			if (separators == null) {
				separators = cols;
			}
			assertThat(cols).as("column borders line up in " + l).isEqualTo(separators);
		}
		assertThat(text).anyMatch(l -> l.contains("│ 桥接 (bridge) │"));
		assertThat(styleOf(lines, "模式").getStyle() & bold().getStyle()).as("header cells bold").isNotZero();
	}

	@Test
	void wideTablesShareTheWidthAndWrapCells() {
		String row = "|" + "word ".repeat(30) + "|" + "other ".repeat(30) + "\n";
		List<AttributedString> lines = render("[cols=\"1,3\"]\n|===\n" + row + row + "|===\n", 70);
		assertThat(lines).allSatisfy(l -> assertThat(l.columnLength()).isEqualTo(70));
		assertThat(plain(lines)).anyMatch(l -> l.startsWith("├"));
	}

	@Test
	void crossReferencesShowTheSectionId() {
		List<String> text = plain(render("""
				[[m9-1]]
				== 9.1 Target

				See <<m9-1>> and xref:m3.adoc#m3-5[3.5].
				""", 80));
		assertThat(text).anyMatch(l -> l.contains("9.1 Target [m9-1]") && l.contains("3.5 [m3-5]"));
	}

	@Test
	void asciidoctorWarningsAreCollectedNotPrinted() {
		java.io.PrintStream saved = System.err;
		java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
		System.setErr(new java.io.PrintStream(err, true));
		try {
			var logged = AdocEngine.callLogged(a -> a.load("= T\n\n== A\n\n==== B\n\ntext\n",
					Options.builder().backend(AnsiConverter.BACKEND).build()));
			assertThat(logged.records()).extracting(org.asciidoctor.log.LogRecord::getMessage)
				.anyMatch(m -> m.contains("section title out of sequence"));
		}
		finally {
			System.setErr(saved);
		}
		assertThat(err.toString()).doesNotContain("out of sequence");
	}

	@Test
	void codeHighlighterCopesWithPromptsAndOutput() {
		List<AttributedString> lines = CodeHighlighter.highlight("console", List.of("$ virsh list", " Id   Name   State"));
		assertThat(lines.get(0).styleAt(2)).isEqualTo(CodeHighlighter.COMMAND);
		assertThat(lines.get(1).styleAt(1)).isEqualTo(CodeHighlighter.COMMENT);
	}
}
