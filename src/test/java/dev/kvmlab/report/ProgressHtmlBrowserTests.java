package dev.kvmlab.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.kvmlab.content.Lang;
import dev.kvmlab.fixtures.Kvmlab;
import dev.kvmlab.fixtures.Results;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.progress.ProgressStore;
import dev.kvmlab.progress.ResultStore;

/**
 * The HTML progress report opened in a real browser (headless Chromium, offline): it renders, a
 * screenshot is taken (kept as target/report-screenshots/progress-report.png to look at), and the
 * page's text shows the score and a failing criterion. Chromium is a test dependency: run-tests
 * and .ci/run install it; without it this test fails and says so.
 */
class ProgressHtmlBrowserTests {

	@TempDir
	Path dir;

	private Kvmlab kvmlab;

	@BeforeEach
	void start() {
		kvmlab = new Kvmlab(dir.resolve("data"));
	}

	@AfterEach
	void close() {
		kvmlab.close();
	}

	@Test
	void theReportRendersInChromiumWithTheScoreAndAFailingCriterion() throws Exception {
		String chromium = chromium();
		GradeResult latest = Results.bridgeNetwork60(Instant.parse("2025-03-02T09:30:00Z"));
		ProgressReportTests.ProgressFixture.write(kvmlab.get(ProgressStore.class), kvmlab.get(ResultStore.class), latest);
		ProgressRenderer renderer = kvmlab.get(ProgressRenderer.class);
		renderer.zone(ZoneOffset.UTC);
		Path html = dir.resolve("progress.html");
		Files.writeString(html, renderer.html(kvmlab.get(ProgressReports.class).build("alice", Lang.EN), Lang.EN));
		Path png = dir.resolve("progress.png");

		Run shot = run(chromium, "--screenshot=" + png, "--window-size=1200,1600", html.toUri().toString());
		Run dom = run(chromium, "--dump-dom", html.toUri().toString());

		assertThat(shot.exit).as("chromium --screenshot: %s", shot.err).isZero();
		assertThat(png).exists();
		BufferedImage image = ImageIO.read(png.toFile());
		assertThat(image.getWidth()).isEqualTo(1200);
		assertThat(image.getHeight()).isEqualTo(1600);
		assertThat(distinctColours(image)).as("a page with content, not a blank one").isGreaterThan(50);
		Path kept = Path.of("target", "report-screenshots");
		Files.createDirectories(kept);
		Files.copy(png, kept.resolve("progress-report.png"), StandardCopyOption.REPLACE_EXISTING);

		assertThat(dom.exit).as("chromium --dump-dom: %s", dom.err).isZero();
		String text = dom.out;
		assertThat(text).contains("KVM course progress report");
		assertThat(text).contains("NOT YET: 60/100 points (60%, pass mark 80%)");
		assertThat(text).contains("60%</div>");
		assertThat(text).containsPattern("(?s)criterion-FAIL\" data-criterion=\"network-autostart\">.*Criterion network-autostart");
		assertThat(text).contains("network lab-bridge: persistent, autostart off");
		assertThat(text).as("the hostile domain name is text, not a script element")
			.contains("no domain named &lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script");
	}

	private record Run(int exit, String out, String err) {
	}

	private Run run(String chromium, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--user-data-dir=" + dir.resolve("chromium-profile")));
		command.addAll(List.of(args));
		Path out = dir.resolve("chromium.out");
		Path err = dir.resolve("chromium.err");
		Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		if (!p.waitFor(90, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			fail("chromium did not finish within 90 s: " + command);
		}
		return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
	}

	/** The Chromium on the PATH; fails (never skips) when there is none. */
	static String chromium() {
		for (String name : new String[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }) {
			for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
				if (Files.isExecutable(Path.of(dir, name))) {
					return Path.of(dir, name).toString();
				}
			}
		}
		return fail("Chromium is not installed, and this test opens the HTML report in it. Install it with"
				+ " `apt-get install -y chromium` (./run-tests and .ci/run do).");
	}

	private static int distinctColours(BufferedImage image) {
		java.util.Set<Integer> colours = new java.util.HashSet<>();
		for (int y = 0; y < image.getHeight(); y += 7) {
			for (int x = 0; x < image.getWidth(); x += 7) {
				colours.add(image.getRGB(x, y));
			}
		}
		return colours.size();
	}
}
