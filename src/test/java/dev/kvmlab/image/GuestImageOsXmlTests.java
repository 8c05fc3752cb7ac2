package dev.kvmlab.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class GuestImageOsXmlTests {

	private static Element parse(String xml) throws Exception {
		Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
			.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
		return doc.getDocumentElement();
	}

	private static String text(Element os, String tag) {
		return os.getElementsByTagName(tag).item(0).getTextContent();
	}

	@Test
	void directKernelBootFragment() throws Exception {
		Manifest m = new Manifest(GuestScripts.FORMAT, "r", "t", 1, "6.1.0-56-cloud-amd64", "linux-image-6.1.0-56-cloud-amd64",
				Map.of(), List.of(), List.of(), "host", Map.of());
		GuestImage image = new GuestImage(Path.of("/var/lib/kvmlab/images/kvmlab-guest"), m);
		String xml = image.osXml(GuestCmdline.defaults().hostname("lab-vm1").heartbeat(true));
		assertThat(xml).isEqualTo("<os>\n"
				+ "  <type arch='x86_64'>hvm</type>\n"
				+ "  <kernel>/var/lib/kvmlab/images/kvmlab-guest/vmlinuz</kernel>\n"
				+ "  <initrd>/var/lib/kvmlab/images/kvmlab-guest/initrd.img</initrd>\n"
				+ "  <cmdline>console=ttyS0 kvmlab.hostname=lab-vm1 kvmlab.heartbeat=1</cmdline>\n"
				+ "</os>");
		Element os = parse(xml);
		assertThat(os.getTagName()).isEqualTo("os");
		assertThat(text(os, "type")).isEqualTo("hvm");
		assertThat(text(os, "kernel")).endsWith("/vmlinuz");
		assertThat(text(os, "initrd")).endsWith("/initrd.img");
	}

	@Test
	void pathsAndCmdlineAreEscaped() throws Exception {
		String xml = GuestImage.osXml(Path.of("/srv/a&b/<k>"), Path.of("/srv/it's/\"i\""), "console=ttyS0 x=<&>");
		assertThat(xml).doesNotContain("a&b").contains("a&amp;b").contains("&lt;k&gt;");
		Element os = parse(xml);
		assertThat(text(os, "kernel")).isEqualTo("/srv/a&b/<k>");
		assertThat(text(os, "initrd")).isEqualTo("/srv/it's/\"i\"");
		assertThat(text(os, "cmdline")).isEqualTo("console=ttyS0 x=<&>");
	}
}
