package dev.kvmlab.shell;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.completion.CompletionProposal;

import dev.kvmlab.ExitCode;
import dev.kvmlab.KvmlabException;
import dev.kvmlab.image.GuestImage;
import dev.kvmlab.image.GuestImageBuilder;
import dev.kvmlab.image.GuestImageService;
import dev.kvmlab.image.GuestImageService.State;
import dev.kvmlab.image.Manifest;
import dev.kvmlab.image.ProbeRecord;
import dev.kvmlab.image.ProbeResult;
import dev.kvmlab.image.QemuGuest.Accel;
import dev.kvmlab.report.Ansi;

/**
 * {@code image build|status|probe|use}: the offline guest that labs boot (a Debian cloud kernel and
 * a busybox initramfs with qemu-ga, cached in the data folder), and the learner's own base image.
 */
@Configuration(proxyBeanMethods = false)
class ImageCommands {

	@Bean
	Command imageBuild(ShellSupport s, GuestImageService images) {
		KvmlabCommand c = new KvmlabCommand("image build", "Build the offline guest image from Debian packages (cached)",
				"image build [--force]: downloads the cloud kernel, busybox-static and qemu-guest-agent with apt-get download,"
						+ " unpacks them (nothing is installed) and writes a kernel, an initramfs and a data disk to <data>/images/."
						+ " Does nothing when the cached image is intact and current; --force rebuilds. Exit code 3 when a tool,"
						+ " a package or the network is missing.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of("force"));
				noArguments(inv);
				GuestImageService.BuildResult r = images.build(inv.flag("force"), progress(s, inv.out()));
				Manifest m = r.image().manifest();
				if (r.built()) {
					inv.out().println(s.t("image.build.done", String.format(Locale.ROOT, "%.1f", r.seconds()), m.kernelVersion(),
							r.image().dir()));
				}
				else {
					inv.out().println(s.t("image.build.current", m.kernelVersion(), r.image().dir()));
				}
				return ExitCode.OK;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("force", "rebuild even when the cached image is current", Boolean.class)));
		return c;
	}

	@Bean
	Command imageStatus(ShellSupport s, GuestImageService images) {
		return new KvmlabCommand("image status", "Show the cached guest image, its boot probes and the base image",
				"image status: paths and sizes of the cached kernel, initramfs and data disk, the kernel version and packages,"
						+ " whether a boot was verified under KVM and TCG (`image probe`), the domain type labs will use, and"
						+ " your base cloud image (`image use`).", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of());
				noArguments(inv);
				PrintWriter out = inv.out();
				Ansi ansi = Ansi.auto();
				GuestImageService.Status st = images.status();
				out.println(ansi.bold(s.t("image.status.header", images.imageDir())));
				if (st.state() == State.ABSENT) {
					out.println("  " + s.t("image.status.absent"));
				}
				else {
					String state = switch (st.state()) {
						case CURRENT -> ansi.green(s.t("image.status.state.current"));
						case OUTDATED -> ansi.yellow(s.t("image.status.state.outdated", st.problem()));
						default -> ansi.red(s.t("image.status.state.damaged", st.problem()));
					};
					row(out, s.t("image.label.state"), state);
					GuestImage image = st.image();
					if (image != null) {
						Manifest m = image.manifest();
						row(out, s.t("image.label.kernel"), m.kernelVersion() + " (" + m.kernelPackage() + " "
								+ m.packages().getOrDefault(m.kernelPackage(), "?") + ")");
						for (Path f : List.of(image.kernel(), image.initrd(), image.dataDisk())) {
							String size = Files.exists(f) ? human(size(f)) : s.t("image.status.missing");
							String extra = "";
							if (f.equals(image.dataDisk()) && Files.exists(f)) {
								GuestImageService.DiskInfo info = images.diskInfo(f);
								extra = info.format() == null ? "" : "  (" + info.format() + ", " + human(info.virtualSize())
										+ " " + s.t("image.status.virtual") + ")";
							}
							row(out, f.getFileName().toString(), f + "  " + size + extra);
						}
						row(out, s.t("image.label.built"), s.t("image.status.built", m.builtAt(),
								String.format(Locale.ROOT, "%.1f", m.buildSeconds())));
						List<String> pkgs = new ArrayList<>();
						m.packages().forEach((k, v) -> {
							if (!k.equals(m.kernelPackage())) {
								pkgs.add(k + " " + v);
							}
						});
						row(out, s.t("image.label.packages"), String.join(", ", pkgs));
						row(out, s.t("image.label.modules"), String.valueOf(m.modules().size()) + " ("
								+ String.join(" ", m.modules().stream().map(p -> p.substring(p.lastIndexOf('/') + 1)
									.replace(".ko", "")).toList()) + ")");
						row(out, s.t("image.label.libraries"), m.libraries().size() + " " + s.t("image.status.from-host"));
					}
				}
				ProbeRecord probes = images.probes();
				String id = st.image() == null ? null : st.image().manifest().imageId();
				boolean first = true;
				for (Accel a : GuestImageService.allAccels()) {
					ProbeResult r = probes.result(a);
					String text = r == null ? a.key() + ": " + s.t("image.status.probe.never") : probeText(s, r)
							+ (id != null && !id.equals(r.imageId()) ? " " + s.t("image.status.probe.older") : "");
					row(out, first ? s.t("image.label.boot") : "", text);
					first = false;
				}
				row(out, s.t("image.label.domain-type"), images.domainType().orElse(s.t("image.status.domain-type.unknown")));
				String base = images.config().baseImage();
				if (base == null) {
					out.println(s.t("image.status.base.none"));
				}
				else {
					String format = images.config().baseImageFormat();
					out.println(s.t("image.status.base", base + (format == null ? "" : " (" + format + ")")
							+ (Files.exists(Path.of(base)) ? "" : "  " + ansi.red(s.t("image.status.missing")))));
				}
				return ExitCode.OK;
			}
		};
	}

	@Bean
	Command imageProbe(ShellSupport s, GuestImageService images) {
		KvmlabCommand c = new KvmlabCommand("image probe", "Boot the guest under KVM and TCG: which one works on this host?",
				"image probe [--accel kvm|tcg|all] [--timeout SECONDS]: boots the cached guest with qemu-system-x86_64 under each"
						+ " accelerator (KVM at most 20 s, TCG at most 90 s unless --timeout) and reports whether it printed"
						+ " KVMLAB-GUEST-READY and qemu-ga answered; records the result so labs use domain type kvm only where"
						+ " KVM boots. Builds the image first if needed. Exit code 3 when the guest boots under none.", s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of("accel", "timeout"));
				noArguments(inv);
				String which = inv.option("accel", "all");
				List<Accel> accels;
				try {
					accels = which.equals("all") ? GuestImageService.allAccels() : List.of(Accel.parse(which));
				}
				catch (IllegalArgumentException e) {
					throw KvmlabException.usageKey("error.image-accel", which);
				}
				Integer timeout = null;
				String t = inv.option("timeout", null);
				if (t != null) {
					try {
						timeout = Integer.parseInt(t);
					}
					catch (NumberFormatException e) {
						timeout = -1;
					}
					if (timeout < 1 || timeout > 600) {
						throw KvmlabException.usageKey("error.image-timeout", t);
					}
				}
				PrintWriter out = inv.out();
				if (images.image().isEmpty()) {
					images.build(false, progress(s, out));
				}
				GuestImage image = images.image().orElseThrow();
				out.println(s.t("image.probe.header", image.kernelVersion()));
				boolean any = false;
				Ansi ansi = Ansi.auto();
				for (Accel a : accels) {
					Duration bound = timeout != null ? Duration.ofSeconds(timeout)
							: a == Accel.KVM ? GuestImageService.KVM_PROBE_TIMEOUT : GuestImageService.TCG_PROBE_TIMEOUT;
					out.println("  " + s.t("image.probe.trying", a.key(), bound.toSeconds()));
					out.flush();
					ProbeResult r = images.probe(a, bound);
					any |= r.reached();
					out.println("  " + (r.reached() ? ansi.green("[BOOT]") : ansi.red("[NONE]")) + " " + probeText(s, r));
				}
				String type = images.domainType().orElse("qemu");
				out.println(!any ? s.t("image.probe.summary.none") : type.equals("kvm") ? s.t("image.probe.summary.kvm")
						: s.t("image.probe.summary.qemu"));
				return any ? ExitCode.OK : ExitCode.HOST_UNREACHABLE;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("accel", "kvm, tcg or all (default)", String.class),
				KvmlabCommand.option("timeout", "seconds to wait for the guest under each accelerator", String.class)));
		c.setCompletionProvider(context -> {
			if (context.getCommandOption() != null && "accel".equals(context.getCommandOption().longName())) {
				return List.of(new CompletionProposal("kvm"), new CompletionProposal("tcg"), new CompletionProposal("all"));
			}
			return List.of();
		});
		return c;
	}

	@Bean
	Command imageUse(ShellSupport s, GuestImageService images) {
		KvmlabCommand c = new KvmlabCommand("image use", "Use your own base cloud image (or --clear)",
				"image use [PATH|--clear]: stores the path of your own cloud image (qcow2 or raw; checked with qemu-img) in"
						+ " <data>/config.json for labs that boot a full distribution; --clear removes it; without arguments shows it.",
				s) {
			@Override
			protected ExitCode run(Invocation inv) {
				inv.allowOnly(List.of("clear"));
				PrintWriter out = inv.out();
				if (inv.flag("clear")) {
					if (!inv.args().isEmpty()) {
						throw KvmlabException.usageKey("error.image-use-both");
					}
					images.clearBaseImage();
					out.println(s.t("image.use.cleared"));
					return ExitCode.OK;
				}
				if (inv.args().size() > 1) {
					throw KvmlabException.usageKey("error.image-use-one");
				}
				if (inv.args().isEmpty()) {
					String base = images.config().baseImage();
					out.println(base == null ? s.t("image.status.base.none") : s.t("image.status.base", base));
					return ExitCode.OK;
				}
				Path path = Path.of(inv.args().get(0).replaceFirst("^~(?=/|$)", System.getProperty("user.home")));
				String format = images.useBaseImage(path);
				out.println(s.t("image.use.set", path.toAbsolutePath().normalize(), format == null ? "?" : format,
						images.config().file()));
				return ExitCode.OK;
			}
		};
		c.setOptions(List.of(KvmlabCommand.option("clear", "forget the base image setting", Boolean.class)));
		return c;
	}

	static void noArguments(Invocation inv) {
		if (!inv.args().isEmpty()) {
			throw KvmlabException.usageKey("error.unexpected-argument", inv.args().get(0));
		}
	}

	private static GuestImageBuilder.Progress progress(ShellSupport s, PrintWriter out) {
		return (key, args) -> {
			out.println("  " + s.t(key, args));
			out.flush();
		};
	}

	static String probeText(ShellSupport s, ProbeResult r) {
		if (r.reached()) {
			String agent = r.agent() == null ? "" : Boolean.TRUE.equals(r.agent()) ? s.t("image.probe.agent.ok")
					: s.t("image.probe.agent.none");
			return s.t("image.probe.reached", r.accel(), String.format(Locale.ROOT, "%.1f", r.seconds()), agent);
		}
		return s.t("image.probe.failed", r.accel(), r.detail());
	}

	private static void row(PrintWriter out, String label, String value) {
		out.println("  " + pad(label, 12) + " " + value);
	}

	/** Pads to a terminal width, counting CJK characters as two columns. */
	static String pad(String text, int width) {
		int w = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			w += c >= '\u1100' && (c <= '\u115f' || c >= '\u2e80' && c <= '\ua4cf' || c >= '\uac00' && c <= '\ud7a3'
					|| c >= '\uf900' && c <= '\ufaff' || c >= '\ufe30' && c <= '\ufe4f' || c >= '\uff00' && c <= '\uff60'
					|| c >= '\uffe0' && c <= '\uffe6') ? 2 : 1;
		}
		return w >= width ? text : text + " ".repeat(width - w);
	}

	private static long size(Path f) {
		try {
			return Files.size(f);
		}
		catch (java.io.IOException e) {
			return -1;
		}
	}

	static String human(long bytes) {
		if (bytes < 0) {
			return "?";
		}
		String[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
		double v = bytes;
		int u = 0;
		while (v >= 1024 && u < units.length - 1) {
			v /= 1024;
			u++;
		}
		return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
	}
}
