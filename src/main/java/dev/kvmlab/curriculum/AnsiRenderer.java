package dev.kvmlab.curriculum;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.asciidoctor.ast.Block;
import org.asciidoctor.ast.Cell;
import org.asciidoctor.ast.Column;
import org.asciidoctor.ast.DescriptionList;
import org.asciidoctor.ast.DescriptionListEntry;
import org.asciidoctor.ast.Document;
import org.asciidoctor.ast.ListItem;
import org.asciidoctor.ast.Row;
import org.asciidoctor.ast.Section;
import org.asciidoctor.ast.StructuralNode;
import org.asciidoctor.ast.Table;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Lays out an AsciiDoc block tree for a terminal {@code width} columns wide, as JLine attributed
 * lines: headings in bold colour, paragraphs wrapped by display width, lists with hanging indents,
 * listings highlighted, admonitions behind a coloured bar with their label, tables drawn with box
 * characters and aligned by display width (a CJK character is two columns). Inline text is
 * converted by Asciidoctor (through {@link AnsiConverter}) and parsed back from its escapes.
 */
public final class AnsiRenderer {

	static final AttributedStyle H0 = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);

	static final AttributedStyle H1 = AttributedStyle.BOLD.foreground(AttributedStyle.CYAN);

	static final AttributedStyle H2 = AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);

	static final AttributedStyle H3 = AttributedStyle.BOLD;

	static final AttributedStyle FRAME = AttributedStyle.DEFAULT.faint();

	private final int width;

	public AnsiRenderer(int width) {
		this.width = Math.max(width, 30);
	}

	/** The lines as one string: with ANSI escapes, or plain. */
	public String toText(List<AttributedString> lines, boolean color) {
		StringBuilder b = new StringBuilder();
		for (AttributedString l : lines) {
			b.append(color ? l.toAnsi() : l.toString()).append('\n');
		}
		return b.toString();
	}

	public List<AttributedString> render(StructuralNode node) {
		return render(node, width);
	}

	List<AttributedString> render(StructuralNode node, int w) {
		String context = node.getContext() == null ? "" : node.getContext();
		switch (context) {
			case "document":
				return document((Document) node, w);
			case "section":
				return section((Section) node, w);
			case "preamble":
			case "open":
				return titled(node, blocks(node, w), w);
			case "paragraph":
				return titled(node, paragraph(node, w), w);
			case "admonition":
				return admonition(node, w);
			case "listing":
			case "literal":
				return titled(node, listing((Block) node), w);
			case "ulist":
			case "olist":
			case "colist":
				return titled(node, list((org.asciidoctor.ast.List) node, w), w);
			case "dlist":
				return titled(node, dlist((DescriptionList) node, w), w);
			case "table":
				return table((Table) node, w);
			case "example":
				return barred(node, titled(node, blocks(node, w - 2), w - 2), FRAME, "│ ");
			case "sidebar":
				return barred(node, titled(node, blocks(node, w - 2), w - 2), FRAME, "┃ ");
			case "quote":
			case "verse":
				return quote(node, w);
			case "thematic_break":
				return List.of(new AttributedString("─".repeat(Math.min(w, 40)), FRAME));
			case "page_break":
			case "toc":
				return List.of();
			case "image":
				return List.of(new AttributedString("[" + node.getAttribute("alt", "image") + "]", FRAME));
			case "video":
			case "audio":
				return List.of(new AttributedString("[" + context + ": " + node.getAttribute("target", "") + "]", FRAME));
			case "floating_title":
				return heading(node.getTitle(), node.getLevel(), w);
			case "pass":
			case "stem":
				return raw(String.valueOf(node.getContent()));
			default:
				if (!node.getBlocks().isEmpty()) {
					return blocks(node, w);
				}
				return paragraph(node, w);
		}
	}

	private List<AttributedString> document(Document doc, int w) {
		List<AttributedString> out = new ArrayList<>();
		String title = doc.getDoctitle();
		if (title != null && !title.isBlank() && !doc.getBlocks().isEmpty()) {
			AttributedString t = styled(title, H0);
			out.addAll(TermText.wrap(t, w));
			out.add(new AttributedString("═".repeat(Math.min(w, Math.max(out.get(out.size() - 1).columnLength(), 10))), H0));
			out.add(AttributedString.EMPTY);
		}
		out.addAll(blocks(doc, w));
		return out;
	}

	private List<AttributedString> section(Section s, int w) {
		List<AttributedString> out = new ArrayList<>(heading(s.getTitle(), s.getLevel(), w));
		List<AttributedString> body = blocks(s, w);
		if (!body.isEmpty()) {
			out.add(AttributedString.EMPTY);
			out.addAll(body);
		}
		return out;
	}

	List<AttributedString> heading(String converted, int level, int w) {
		AttributedStyle style = level <= 0 ? H0 : level == 1 ? H1 : level == 2 ? H2 : H3;
		List<AttributedString> out = new ArrayList<>(TermText.wrap(styled(converted == null ? "" : converted, style), w));
		if (level <= 1) {
			int len = out.stream().mapToInt(AttributedString::columnLength).max().orElse(0);
			out.add(new AttributedString((level <= 0 ? "═" : "─").repeat(Math.min(w, Math.max(len, 4))), style));
		}
		return out;
	}

	/**
	 * Text converted by Asciidoctor in a base style (a heading colour): the base is switched on
	 * again after each inline span switches its own attribute off.
	 */
	static AttributedString styled(String converted, AttributedStyle base) {
		if (base.equals(AttributedStyle.DEFAULT)) {
			return TermText.styled(converted);
		}
		String on = sgr(base);
		String s = on + converted;
		for (String off : new String[] { AnsiConverter.BOLD_OFF, AnsiConverter.FG_OFF, AnsiConverter.ITALIC_OFF,
				AnsiConverter.UNDERLINE_OFF, AnsiConverter.INVERSE_OFF }) {
			s = s.replace(off, off + on);
		}
		return TermText.styled(s);
	}

	private static String sgr(AttributedStyle style) {
		String ansi = new AttributedString("x", style).toAnsi();
		int x = ansi.indexOf('x');
		return x < 0 ? "" : ansi.substring(0, x);
	}

	private List<AttributedString> blocks(StructuralNode node, int w) {
		List<AttributedString> out = new ArrayList<>();
		for (StructuralNode child : node.getBlocks()) {
			List<AttributedString> lines = render(child, w);
			if (lines.isEmpty()) {
				continue;
			}
			if (!out.isEmpty()) {
				out.add(AttributedString.EMPTY);
			}
			out.addAll(lines);
		}
		return out;
	}

	/** A block title ({@code .Title} above the block), bold italic, then the block. */
	private List<AttributedString> titled(StructuralNode node, List<AttributedString> body, int w) {
		String title = node.getTitle();
		if (title == null || title.isBlank() || "section".equals(node.getContext())) {
			return body;
		}
		String caption = node.getCaption() == null ? "" : node.getCaption();
		List<AttributedString> out = new ArrayList<>(TermText.wrap(styled(caption + title, AttributedStyle.BOLD.italic()), w));
		out.addAll(body);
		return out;
	}

	private List<AttributedString> paragraph(StructuralNode node, int w) {
		Object content = node.getContent();
		String text = content == null ? "" : content.toString();
		if (text.isBlank()) {
			return List.of();
		}
		AttributedString s = TermText.styled(text);
		if (node.isOption("hardbreaks") || node.getDocument().hasAttribute("hardbreaks-option")) {
			return TermText.wrap(s, w);
		}
		return TermText.wrap(TermText.joinLines(s), w);
	}

	private List<AttributedString> raw(String text) {
		List<AttributedString> out = new ArrayList<>();
		text.lines().forEach(l -> out.add(new AttributedString(l)));
		return out;
	}

	static AttributedStyle admonitionStyle(String name) {
		switch (name) {
			case "warning":
				return AttributedStyle.BOLD.foreground(AttributedStyle.YELLOW);
			case "caution":
				return AttributedStyle.BOLD.foreground(AttributedStyle.RED);
			case "important":
				return AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
			case "tip":
				return AttributedStyle.BOLD.foreground(AttributedStyle.GREEN);
			default:
				return AttributedStyle.BOLD.foreground(AttributedStyle.BLUE);
		}
	}

	private List<AttributedString> admonition(StructuralNode node, int w) {
		String name = String.valueOf(node.getAttribute("name", "note")).toLowerCase(Locale.ROOT);
		String label = String.valueOf(node.getAttribute("textlabel", name.toUpperCase(Locale.ROOT)));
		AttributedStyle style = admonitionStyle(name);
		int inner = w - 2;
		List<AttributedString> body = "compound".equals(node.getContentModel()) ? blocks(node, inner) : paragraph(node, inner);
		List<AttributedString> out = new ArrayList<>();
		AttributedStringBuilder head = new AttributedStringBuilder();
		head.styled(style, "┃ ").styled(style, label.toUpperCase(Locale.ROOT));
		String title = node.getTitle();
		if (title != null && !title.isBlank()) {
			head.append(": ").append(styled(title, AttributedStyle.BOLD));
		}
		out.add(head.toAttributedString());
		for (AttributedString line : body) {
			out.add(new AttributedStringBuilder().styled(style, "┃ ").append(line).toAttributedString());
		}
		return out;
	}

	private List<AttributedString> barred(StructuralNode node, List<AttributedString> body, AttributedStyle style,
			String bar) {
		List<AttributedString> out = new ArrayList<>();
		for (AttributedString line : body) {
			out.add(new AttributedStringBuilder().styled(style, bar).append(line).toAttributedString());
		}
		return out;
	}

	private List<AttributedString> quote(StructuralNode node, int w) {
		List<AttributedString> body;
		if ("verse".equals(node.getContext())) {
			body = TermText.wrap(TermText.styled(String.valueOf(node.getContent())), w - 2);
		}
		else {
			body = "compound".equals(node.getContentModel()) ? blocks(node, w - 2) : paragraph(node, w - 2);
		}
		List<AttributedString> out = new ArrayList<>(barred(node, body, FRAME, "│ "));
		Object who = node.getAttribute("attribution");
		if (who != null) {
			out.add(new AttributedString("  — " + TermText.plainText(who.toString()), AttributedStyle.DEFAULT.italic()));
		}
		return titled(node, out, w);
	}

	private List<AttributedString> listing(Block block) {
		String source = block.getSource() == null ? "" : block.getSource();
		List<String> lines = new ArrayList<>(Arrays.asList(source.replace("\t", "    ").split("\n", -1)));
		while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
			lines.remove(lines.size() - 1);
		}
		String language = "source".equals(block.getStyle()) ? String.valueOf(block.getAttribute("language", "")) : "";
		List<AttributedString> out = new ArrayList<>();
		for (AttributedString l : CodeHighlighter.highlight(language, lines)) {
			out.add(new AttributedStringBuilder().append("    ").append(l).toAttributedString());
		}
		return out;
	}

	// ----------------------------------------------------------------------------------------- lists

	private List<AttributedString> list(org.asciidoctor.ast.List list, int w) {
		String context = list.getContext();
		int depth = depth(list);
		List<AttributedString> out = new ArrayList<>();
		int number = 1;
		Object start = list.getAttribute("start");
		if (start != null) {
			try {
				number = Integer.parseInt(start.toString());
			}
			catch (NumberFormatException e) {
				// keep 1
			}
		}
		// a blank line between items only when an item holds more than text and nested lists
		boolean loose = list.getItems().stream().anyMatch(i -> i.getBlocks().stream()
			.anyMatch(b -> !(b instanceof org.asciidoctor.ast.List) && !(b instanceof DescriptionList)));
		for (StructuralNode n : list.getItems()) {
			ListItem item = (ListItem) n;
			String marker;
			if ("olist".equals(context)) {
				marker = depth % 2 == 1 ? number + "." : (char) ('a' + (number - 1) % 26) + ".";
			}
			else if ("colist".equals(context)) {
				marker = "(" + number + ")";
			}
			else if (item.hasAttribute("checkbox")) {
				marker = item.hasAttribute("checked") ? "☑" : "☐";
			}
			else {
				marker = depth % 3 == 1 ? "•" : depth % 3 == 2 ? "◦" : "▪";
			}
			number++;
			if (loose && !out.isEmpty()) {
				out.add(AttributedString.EMPTY);
			}
			out.addAll(item(marker, item, w));
		}
		return out;
	}

	private static int depth(StructuralNode list) {
		int d = 0;
		for (Object p = list; p instanceof StructuralNode s; p = s.getParent()) {
			String c = s.getContext();
			if ("ulist".equals(c) || "olist".equals(c)) {
				d++;
			}
		}
		return Math.max(d, 1);
	}

	private List<AttributedString> item(String marker, ListItem item, int w) {
		int indent = TermText.width(marker) + 1;
		List<AttributedString> out = new ArrayList<>();
		List<AttributedString> text = item.hasText() ? TermText.wrap(TermText.joinLines(TermText.styled(item.getText())), w - indent)
				: new ArrayList<>();
		List<AttributedString> body = new ArrayList<>(text);
		for (StructuralNode child : item.getBlocks()) {
			List<AttributedString> lines = render(child, w - indent);
			boolean nestedList = child instanceof org.asciidoctor.ast.List || child instanceof DescriptionList;
			if (!body.isEmpty() && !nestedList) {
				body.add(AttributedString.EMPTY);
			}
			body.addAll(lines);
		}
		if (body.isEmpty()) {
			body.add(AttributedString.EMPTY);
		}
		String pad = " ".repeat(indent);
		for (int i = 0; i < body.size(); i++) {
			AttributedStringBuilder b = new AttributedStringBuilder();
			if (i == 0) {
				b.styled(AttributedStyle.BOLD, marker).append(' ');
			}
			else if (body.get(i).length() > 0) {
				b.append(pad);
			}
			b.append(body.get(i));
			out.add(b.toAttributedString());
		}
		return out;
	}

	private List<AttributedString> dlist(DescriptionList list, int w) {
		List<AttributedString> out = new ArrayList<>();
		for (DescriptionListEntry e : list.getItems()) {
			for (ListItem term : e.getTerms()) {
				out.addAll(TermText.wrap(styled(term.getText(), AttributedStyle.BOLD), w));
			}
			ListItem d = e.getDescription();
			if (d != null) {
				out.addAll(item("  ", d, w));
			}
		}
		return out;
	}

	// ---------------------------------------------------------------------------------------- tables

	private record Grid(List<List<GridCell>> rows, int header, int footer) {
	}

	private record GridCell(int column, int span, List<AttributedString> natural, Cell cell, boolean header) {
	}

	private List<AttributedString> table(Table table, int w) {
		List<Column> columns = table.getColumns();
		int n = Math.max(columns.size(), 1);
		List<List<Cell>> all = new ArrayList<>();
		List<Boolean> isHeader = new ArrayList<>();
		for (Row r : table.getHeader()) {
			all.add(r.getCells());
			isHeader.add(true);
		}
		for (Row r : table.getBody()) {
			all.add(r.getCells());
			isHeader.add(false);
		}
		for (Row r : table.getFooter()) {
			all.add(r.getCells());
			isHeader.add(false);
		}
		// place cells on the grid (colspan and rowspan)
		int[] occupied = new int[n];
		List<List<GridCell>> grid = new ArrayList<>();
		for (int r = 0; r < all.size(); r++) {
			List<GridCell> row = new ArrayList<>();
			int col = 0;
			for (Cell c : all.get(r)) {
				while (col < n && occupied[col] > 0) {
					col++;
				}
				if (col >= n) {
					break;
				}
				int span = Math.max(1, Math.min(c.getColspan(), n - col));
				for (int k = col; k < col + span; k++) {
					occupied[k] = Math.max(1, c.getRowspan());
				}
				row.add(new GridCell(col, span, null, c, isHeader.get(r)));
				col += span;
			}
			for (int k = 0; k < n; k++) {
				occupied[k] = Math.max(0, occupied[k] - 1);
			}
			grid.add(row);
		}
		// natural widths: the longest line of each single-column cell
		int[] natural = new int[n];
		int[] longestWord = new int[n];
		for (List<GridCell> row : grid) {
			for (GridCell gc : row) {
				if (gc.span() != 1) {
					continue;
				}
				for (AttributedString l : cellLines(gc, 10_000)) {
					natural[gc.column()] = Math.max(natural[gc.column()], l.columnLength());
				}
				longestWord[gc.column()] = Math.max(longestWord[gc.column()], longestWord(cellText(gc)));
			}
		}
		int[] widths = columnWidths(columns, natural, longestWord, w - (3 * n + 1));
		// render
		List<List<List<AttributedString>>> rendered = new ArrayList<>();
		boolean multiLine = false;
		for (List<GridCell> row : grid) {
			List<List<AttributedString>> cells = new ArrayList<>();
			for (GridCell gc : row) {
				int cw = spanWidth(widths, gc.column(), gc.span());
				List<AttributedString> lines = cellLines(gc, cw);
				multiLine |= lines.size() > 1;
				cells.add(lines);
			}
			rendered.add(cells);
		}
		List<AttributedString> out = new ArrayList<>();
		String title = table.getTitle();
		if (title != null && !title.isBlank()) {
			out.addAll(TermText.wrap(styled((table.getCaption() == null ? "" : table.getCaption()) + title,
					AttributedStyle.BOLD.italic()), w));
		}
		int headerRows = table.getHeader().size();
		out.add(rule(widths, '┌', '┬', '┐', '─'));
		for (int r = 0; r < grid.size(); r++) {
			List<GridCell> row = grid.get(r);
			List<List<AttributedString>> cells = rendered.get(r);
			int height = cells.stream().mapToInt(List::size).max().orElse(1);
			for (int line = 0; line < height; line++) {
				AttributedStringBuilder b = new AttributedStringBuilder();
				b.styled(FRAME, "│");
				int col = 0;
				for (int c = 0; c < row.size(); c++) {
					GridCell gc = row.get(c);
					while (col < gc.column()) { // a slot covered by a rowspan above
						b.append(" ").append(" ".repeat(widths[col])).append(" ").styled(FRAME, "│");
						col++;
					}
					int cw = spanWidth(widths, gc.column(), gc.span());
					List<AttributedString> lines = cells.get(c);
					AttributedString text = line < lines.size() ? lines.get(line) : AttributedString.EMPTY;
					b.append(" ").append(TermText.pad(text, cw, align(gc.cell()))).append(" ").styled(FRAME, "│");
					col += gc.span();
				}
				while (col < n) {
					b.append(" ").append(" ".repeat(widths[col])).append(" ").styled(FRAME, "│");
					col++;
				}
				out.add(b.toAttributedString());
			}
			boolean last = r == grid.size() - 1;
			if (!last && headerRows > 0 && r == headerRows - 1) {
				out.add(rule(widths, '╞', '╪', '╡', '═'));
			}
			else if (!last && multiLine) {
				out.add(rule(widths, '├', '┼', '┤', '─'));
			}
		}
		out.add(rule(widths, '└', '┴', '┘', '─'));
		return out;
	}

	private static int spanWidth(int[] widths, int column, int span) {
		int w = 0;
		for (int k = column; k < column + span && k < widths.length; k++) {
			w += widths[k];
		}
		return w + 3 * (span - 1);
	}

	private static AttributedString rule(int[] widths, char left, char mid, char right, char fill) {
		StringBuilder b = new StringBuilder().append(left);
		for (int i = 0; i < widths.length; i++) {
			b.append(String.valueOf(fill).repeat(widths[i] + 2));
			b.append(i == widths.length - 1 ? right : mid);
		}
		return new AttributedString(b.toString(), FRAME);
	}

	private static char align(Cell cell) {
		try {
			switch (cell.getHorizontalAlignment()) {
				case RIGHT:
					return 'r';
				case CENTER:
					return 'c';
				default:
					return 'l';
			}
		}
		catch (RuntimeException e) {
			return 'l';
		}
	}

	private AttributedString cellText(GridCell gc) {
		Cell cell = gc.cell();
		String text = cell.getText() == null ? "" : cell.getText();
		return TermText.joinLines(styled(text, gc.header() ? AttributedStyle.BOLD : AttributedStyle.DEFAULT));
	}

	private List<AttributedString> cellLines(GridCell gc, int w) {
		Cell cell = gc.cell();
		if ("asciidoc".equals(cell.getStyle()) && cell.getInnerDocument() != null) {
			return render(cell.getInnerDocument(), Math.max(w, 8));
		}
		if ("literal".equals(cell.getStyle())) {
			return TermText.wrap(TermText.styled(cell.getText() == null ? "" : cell.getText()), 100_000);
		}
		return TermText.wrap(cellText(gc), w);
	}

	private static int longestWord(AttributedString s) {
		int best = 0;
		for (int i = 0, start = 0; i <= s.length(); i++) {
			if (i == s.length() || s.charAt(i) == '\n') {
				best = Math.max(best, TermText.longestUnbreakable(s.subSequence(start, i)));
				start = i + 1;
			}
		}
		return best;
	}

	/**
	 * Column widths that fit {@code available}: columns narrower than their share keep their natural
	 * width; the rest is shared by the table's relative column widths ({@code cols="1,3"}), never
	 * below the longest word (up to 16 columns).
	 */
	static int[] columnWidths(List<Column> columns, int[] natural, int[] longestWord, int available) {
		int n = natural.length;
		int[] widths = new int[n];
		int total = Arrays.stream(natural).sum();
		if (total <= available) {
			return Arrays.copyOf(natural, n);
		}
		double[] weight = new double[n];
		for (int i = 0; i < n; i++) {
			double cw = 1;
			if (i < columns.size()) {
				Object pc = columns.get(i).getAttribute("colpcwidth");
				try {
					cw = pc == null ? columns.get(i).getWidth() : Double.parseDouble(pc.toString());
				}
				catch (NumberFormatException e) {
					cw = 1;
				}
			}
			weight[i] = Math.max(cw, 1);
		}
		boolean[] fixed = new boolean[n];
		int remaining = available;
		boolean changed = true;
		while (changed) {
			changed = false;
			double sum = 0;
			for (int i = 0; i < n; i++) {
				if (!fixed[i]) {
					sum += weight[i];
				}
			}
			for (int i = 0; i < n; i++) {
				if (!fixed[i] && natural[i] <= remaining * weight[i] / sum) {
					widths[i] = natural[i];
					fixed[i] = true;
					remaining -= natural[i];
					changed = true;
					break;
				}
			}
		}
		double sum = 0;
		for (int i = 0; i < n; i++) {
			if (!fixed[i]) {
				sum += weight[i];
			}
		}
		int given = 0;
		int lastFree = -1;
		for (int i = 0; i < n; i++) {
			if (!fixed[i]) {
				widths[i] = (int) Math.floor(remaining * weight[i] / sum);
				widths[i] = Math.max(widths[i], 4);
				given += widths[i];
				lastFree = i;
			}
		}
		if (lastFree >= 0 && given < remaining) {
			widths[lastFree] += remaining - given;
		}
		// a column narrower than its longest word (up to 24) takes columns from the widest ones
		for (int i = 0; i < n; i++) {
			int want = Math.min(Math.min(longestWord[i], 24), natural[i]) - widths[i];
			while (want > 0) {
				int donor = -1;
				for (int j = 0; j < n; j++) {
					if (j != i && widths[j] > Math.max(Math.min(longestWord[j], 24), 10)
							&& (donor < 0 || widths[j] > widths[donor])) {
						donor = j;
					}
				}
				if (donor < 0) {
					break;
				}
				widths[donor]--;
				widths[i]++;
				want--;
			}
		}
		return widths;
	}
}
