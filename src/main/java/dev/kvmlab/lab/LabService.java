package dev.kvmlab.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.springframework.stereotype.Service;

import dev.kvmlab.KvmlabException;
import dev.kvmlab.content.ContentException;
import dev.kvmlab.grading.GradeResult;
import dev.kvmlab.grading.GradingEngine;
import dev.kvmlab.grading.Rubric;
import dev.kvmlab.host.DomainInfo;
import dev.kvmlab.host.HostCapabilities;
import dev.kvmlab.host.HostCommands;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.HostSnapshot;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.NetworkInfo;
import dev.kvmlab.host.Ownership;
import dev.kvmlab.host.UriRedactor;
import dev.kvmlab.lab.actions.ActionContext;
import dev.kvmlab.lab.actions.ActionRegistry;
import dev.kvmlab.lab.actions.ActionSpec;
import dev.kvmlab.lab.actions.ActionType;
import dev.kvmlab.progress.Attempt;
import dev.kvmlab.progress.LabProgress;
import dev.kvmlab.progress.LabSession;
import dev.kvmlab.progress.ProgressStore;
import dev.kvmlab.progress.ResultStore;

/**
 * A lab's lifecycle on the session's host: start (set up what the learner needs, remember what was
 * already there), grade (read-only, one snapshot), solve (the reference solution), finish (remove
 * only what carries the lab's mark) and reset.
 */
@Service
public class LabService {

	private final LabCatalog catalog;

	private final HostConnector connector;

	private final ActionRegistry actions;

	private final GradingEngine engine;

	private final ProgressStore progress;

	private final ResultStore results;

	private final dev.kvmlab.image.GuestImageService images;

	private final HostCommands commands = new HostCommands();

	private final LabHosts hosts;

	/** Resource kinds their own components make and remove (an iSCSI target ...), by kind. */
	private final Map<String, dev.kvmlab.lab.actions.ResourceKind> kinds = new TreeMap<>();

	/** Attempts kept per lab in the progress record (the newest). */
	static final int HISTORY_LIMIT = 200;

	/** Host errors that mean "not kvmlab's to change" or "not here", not "the host failed". */
	private static final Set<String> REFUSALS = Set.of("NOT_OURS", "NOT_A_BRIDGE", "REMOTE");

	public LabService(LabCatalog catalog, HostConnector connector, ActionRegistry actions, GradingEngine engine,
			ProgressStore progress, ResultStore results, dev.kvmlab.image.GuestImageService images, LabHosts hosts,
			List<dev.kvmlab.lab.actions.ResourceKind> kinds) {
		this.hosts = hosts;
		kinds.forEach(k -> this.kinds.put(k.kind(), k));
		this.catalog = catalog;
		this.connector = connector;
		this.actions = actions;
		this.engine = engine;
		this.progress = progress;
		this.results = results;
		this.images = images;
	}

	public Lab lab(String idOrAlias) {
		return catalog.find(idOrAlias)
			.orElseThrow(() -> KvmlabException.usageKey("error.unknown-lab", idOrAlias, String.join(", ", catalog.ids())));
	}

	// ------------------------------------------------------------------ start / solve / finish

	/** Sets the lab up; safe to run again (it keeps the learner's work and the first record of what pre-existed). */
	public void start(Lab lab, Consumer<String> log) {
		catalog.rubric(lab); // a lab whose rubric is broken must not be started
		try (LibvirtHost host = open(lab, false)) {
			requireHost(lab, host);
			LabSession before = progress.load().lab(lab.id()).sessions.get(host.uri());
			boolean fresh = before == null;
			Present present = fresh ? present(lab, host) : null;
			List<String> preexisting = fresh ? present.unmarked() : before.preexisting;
			List<String> logsBefore = fresh ? present.qemuLogs() : null;
			List<String> created = new ArrayList<>(fresh ? List.of() : before.created);
			progress.update(p -> {
				LabProgress lp = p.lab(lab.id());
				if (fresh || "not-started".equals(lp.status)) {
					lp.status = "started";
				}
				if (fresh) {
					LabSession session = new LabSession();
					session.startedAt = Instant.now().toString();
					session.preexisting = preexisting;
					session.qemuLogsBefore = logsBefore;
					lp.sessions.put(host.uri(), session);
				}
			});
			for (String key : fresh ? preexisting : List.<String>of()) {
				log.accept("note: " + key.replace(":", " ").replace("${images}", imagesDir().toString()) + " was already here without kvmlab's mark: kvmlab will not change or remove it");
			}
			workdir(lab);
			run(lab, lab.setup(), host, new HashSet<>(preexisting), created, log);
		}
	}

	/** The lab's own host: the one it names ({@code host: lab-host-a}), else the one kvmlab is connected to. */
	private LibvirtHost open(Lab lab, boolean readOnly) {
		return lab.host() == null ? connector.open(readOnly) : hosts.open(lab.host(), readOnly);
	}

	/** The lab's work folder, made at start so the learner can write into it (virsh dumpxml > ${workdir}/...). */
	private Path workdir(Lab lab) {
		Path dir = workdirPath(lab);
		try {
			Files.createDirectories(dir);
		}
		catch (java.io.IOException e) {
			throw KvmlabException.unreachableKey("error.workdir", dir, e.getMessage());
		}
		return dir;
	}

	/** Runs the reference solution (after the setup, which is idempotent). */
	public void solve(Lab lab, Consumer<String> log) {
		start(lab, log);
		try (LibvirtHost host = open(lab, false)) {
			LabSession session = session(lab, host);
			run(lab, lab.solve(), host, new HashSet<>(session.preexisting), new ArrayList<>(session.created), log);
		}
	}

	/** Runs arbitrary steps of this lab (the undo steps of a criterion, in self-tests). */
	public void runSteps(Lab lab, List<ActionSpec> steps, Consumer<String> log) {
		try (LibvirtHost host = open(lab, false)) {
			LabSession session = session(lab, host);
			run(lab, steps, host, new HashSet<>(session.preexisting), new ArrayList<>(session.created), log);
		}
	}

	/** Removes what the lab owns, in reverse order, and nothing that lacks its mark. */
	public void finish(Lab lab, Consumer<String> log) {
		try (LibvirtHost host = open(lab, false)) {
			LabSession session = progress.load().lab(lab.id()).sessions.get(host.uri());
			Set<String> preexisting = new HashSet<>();
			if (session == null) { // never started on this host: no record of what the learner made, so only marked objects go
				lab.resources().forEach(r -> preexisting.add(r.key()));
			}
			else {
				preexisting.addAll(session.preexisting);
			}
			List<Lab.Resource> reversed = new ArrayList<>(lab.resources());
			java.util.Collections.reverse(reversed);
			try (Contexts contexts = new Contexts(lab, host, preexisting, new ArrayList<>())) {
				for (Lab.Resource r : reversed) {
					ActionContext ctx;
					try {
						ctx = contexts.on(r.host());
					}
					catch (KvmlabException e) { // a cluster host that is gone took its objects with it
						log.accept(r.kind() + " " + r.name() + " on " + r.host() + ": not removed: " + e.getMessage());
						continue;
					}
					boolean domainThere = r.kind().equals("domain") && ctx.host().findDomain(r.name()) != null;
					String done = remove(r, ctx);
					if (domainThere && ctx.host().findDomain(r.name()) == null && session != null && session.qemuLogsBefore != null
							&& !session.qemuLogsBefore.contains(r.key())) {
						done += removeQemuLog(ctx.host(), r.name()); // libvirt wrote it for the lab's domain, which is gone now
					}
					log.accept(done);
				}
			}
			progress.update(p -> {
				LabProgress l = p.lab(lab.id());
				l.sessions.remove(host.uri());
				if (l.sessions.isEmpty()) {
					l.status = l.bestScore != null ? "finished" : "not-started";
				}
			});
		}
	}

	public void reset(Lab lab, Consumer<String> log) {
		finish(lab, log);
		start(lab, log);
	}

	/** The lab's session on this host; a lab that was not started here gets an empty one (nothing pre-existing recorded). */
	private LabSession session(Lab lab, LibvirtHost host) {
		LabSession session = progress.load().lab(lab.id()).sessions.get(host.uri());
		return session != null ? session : new LabSession();
	}

	private void requireHost(Lab lab, LibvirtHost host) {
		if (lab.requires().contains("cluster")) {
			for (String name : LabHosts.CLUSTER) {
				hosts.open(name, true).close(); // every cluster host up, or a one-line error naming the one that is down
			}
		}
		if (lab.requires().contains("local") && !host.isLocal() && !host.isPractice()) {
			throw KvmlabException.usageKey("error.lab-needs-local", lab.id(), UriRedactor.redact(host.uri()));
		}
	}

	/** Removes a domain's QEMU log; returns what to add to the line that says the domain was removed. */
	private String removeQemuLog(LibvirtHost host, String domain) {
		Path log = qemuLog(host, domain);
		try {
			return log != null && Files.deleteIfExists(log) ? ", and its QEMU log " + log : "";
		}
		catch (java.io.IOException e) {
			return "; its QEMU log " + log + " could not be removed: " + e.getMessage();
		}
	}

	/**
	 * Where libvirt's QEMU driver on this host writes a domain's log: the machine's
	 * /var/log/libvirt/qemu for qemu:///system, a cluster host's own log folder; null where kvmlab
	 * cannot see it (remote, practice, session URIs).
	 */
	private Path qemuLog(LibvirtHost host, String domain) {
		if (host.isPractice() || !host.isLocal()) {
			return null;
		}
		if (host.uri().equals("qemu:///system")) {
			return host.local().root().resolve("var/log/libvirt/qemu").resolve(domain + ".log");
		}
		dev.kvmlab.cluster.ClusterLayout layout = hosts.layout();
		return layout.hostOfUri(host.uri()).map(h -> layout.hostDir(h).resolve("log/qemu").resolve(domain + ".log")).orElse(null);
	}

	/**
	 * What of the lab is already here at a fresh start, in one pass over its resources: the ones
	 * without the lab's mark (resource keys), and the domains whose QEMU log is there (on hosts whose
	 * log folder kvmlab knows).
	 */
	private record Present(List<String> unmarked, List<String> qemuLogs) {
	}

	private Present present(Lab lab, LibvirtHost host) {
		Present out = new Present(new ArrayList<>(), new ArrayList<>());
		try (Contexts probes = new Contexts(lab, host, Set.of(), new ArrayList<>())) {
			for (Lab.Resource r : lab.resources()) {
				ActionContext probe = probes.on(r.host());
				if (exists(r, probe) && !markedByLab(r, probe)) {
					out.unmarked().add(r.key());
				}
				Path log = r.kind().equals("domain") ? qemuLog(probe.host(), r.name()) : null;
				if (log != null && Files.exists(log)) {
					out.qemuLogs().add(r.key());
				}
			}
		}
		return out;
	}

	private void run(Lab lab, List<ActionSpec> steps, LibvirtHost host, Set<String> preexisting, List<String> created,
			Consumer<String> log) {
		try (Contexts contexts = new Contexts(lab, host, preexisting, created)) {
			for (ActionSpec step : steps) {
				ActionSpec.SkipIf skip = step.skipIf();
				if (skip != null && contexts.on(skip.host()).host().findDomain(skip.domain()) != null) {
					log.accept("skipped " + step.type() + ": domain " + skip.domain() + " is on "
							+ (skip.host() == null ? "this host" : skip.host()));
					continue;
				}
				run(step, contexts.on(step.host()), log);
			}
		}
	}

	private void run(ActionSpec step, ActionContext ctx, Consumer<String> log) {
		ActionType type = actions.find(step.type())
			.orElseThrow(() -> new ContentException(step.file(), step.line(), "unknown action " + step.type()));
		try {
			log.accept(type.run(step.params(), ctx));
		}
		catch (HostException e) {
			if (e.code().equals("CONTENT")) {
				throw new ContentException(step.file(), step.line(), e.getMessage());
			}
			if (e.isConnectionLost()) {
				throw KvmlabException.unreachableKey("error.lost-connection",
						step.host() != null ? step.host() : UriRedactor.redact(ctx.host().uri()), step.type(), e.getMessage());
			}
			if (REFUSALS.contains(e.code())) { // kvmlab would have to touch what is not the lab's: the learner decides
				throw KvmlabException.usageKey("error.step-refused", step.type(), e.getMessage());
			}
			throw KvmlabException.unreachableKey("error.step-failed", step.type(), e.getMessage());
		}
	}

	/**
	 * The action contexts of one run: the lab's own host, and each other host a step or resource
	 * names, opened once (read-write) and closed with the run. On another host the session's records
	 * are keyed kind:name@host, so ownership there is judged by what was there before on that host.
	 */
	private final class Contexts implements AutoCloseable {

		private final Lab lab;

		private final LibvirtHost own;

		private final Set<String> preexisting;

		private final List<String> created;

		private final Map<String, ActionContext> byHost = new java.util.HashMap<>();

		private final List<LibvirtHost> opened = new ArrayList<>();

		Contexts(Lab lab, LibvirtHost own, Set<String> preexisting, List<String> created) {
			this.lab = lab;
			this.own = own;
			this.preexisting = preexisting;
			this.created = created;
		}

		ActionContext on(String hostName) {
			return byHost.computeIfAbsent(hostName == null ? "" : hostName, k -> {
				if (hostName == null) {
					return context(lab, own, own.uri(), preexisting, created, null);
				}
				LibvirtHost other = hosts.open(hostName, false);
				opened.add(other);
				String suffix = "@" + hostName;
				Set<String> there = new HashSet<>();
				preexisting.stream().filter(key -> key.endsWith(suffix))
					.forEach(key -> there.add(key.substring(0, key.length() - suffix.length())));
				return context(lab, other, own.uri(), there, created, suffix);
			});
		}

		@Override
		public void close() {
			opened.forEach(LibvirtHost::close);
		}
	}

	private ActionContext context(Lab lab, LibvirtHost host, String sessionUri, Set<String> preexisting, List<String> created,
			String keySuffix) {
		Map<String, String> vars = variables(lab, host);
		LabSession recorded = progress.load().lab(lab.id()).sessions.get(sessionUri);
		if (recorded != null && recorded.vars != null) {
			recorded.vars.forEach(vars::putIfAbsent);
		}
		return new ActionContext(host, lab.id(), lab.dir(), vars, commands, (kind, name) -> {
			String key = kind + ":" + name + (keySuffix == null ? "" : keySuffix);
			if (!created.contains(key)) {
				created.add(key);
				progress.update(p -> {
					LabSession session = p.lab(lab.id()).sessions.get(sessionUri);
					if (session != null && !session.created.contains(key)) {
						session.created.add(key);
					}
				});
			}
		}, preexisting, (variable, value) -> progress.update(p -> {
			LabSession session = p.lab(lab.id()).sessions.get(sessionUri);
			if (session != null) {
				if (session.vars == null) {
					session.vars = new java.util.LinkedHashMap<>();
				}
				session.vars.put(variable, value);
			}
		}));
	}

	/**
	 * A text the learner reads (instructions, steps) with the places it names on this machine filled
	 * in: ${lab}, ${images}, ${cluster_shared}, ${workdir}; anything else stays as written.
	 */
	public String forReading(Lab lab, String text) {
		return expandPaths(text, pathVariables(lab));
	}

	private static String expandPaths(String text, Map<String, String> vars) {
		for (Map.Entry<String, String> e : vars.entrySet()) {
			text = text.replace("${" + e.getKey() + "}", e.getValue());
		}
		return text;
	}

	/** The variables that name places on this machine: ${lab}, ${images}, ${cluster_shared}, ${workdir}. */
	private Map<String, String> pathVariables(Lab lab) {
		return Map.of("lab", lab.id(), "images", imagesDir().toString(), "cluster_shared",
				hosts.layout().sharedDir().toString(), "workdir", workdirPath(lab).toString());
	}

	private Path workdirPath(Lab lab) {
		return progress.dir().resolve("labs").resolve(lab.id());
	}

	private Map<String, String> variables(Lab lab, LibvirtHost host) {
		Map<String, String> vars = new TreeMap<>(pathVariables(lab));
		vars.put("labdir", lab.dir().toString());
		vars.put("domain_type", domainType(host));
		vars.put("guest_domain_type", guestDomainType(host));
		vars.put("owner", Ownership.ownerElement(lab.id()));
		return vars;
	}

	/**
	 * The domain type for guests that boot the offline image's kernel: what the image probe found
	 * (`image probe`), and without a probe {@code qemu} (TCG), which boots it everywhere; practice
	 * mode follows the host's offer.
	 */
	String guestDomainType(LibvirtHost host) {
		if (host.isPractice()) {
			return domainType(host);
		}
		if (!"kvm".equals(domainType(host))) {
			return "qemu";
		}
		try {
			return images.domainType().orElse("qemu");
		}
		catch (RuntimeException e) {
			return "qemu";
		}
	}

	public static Path imagesDir() {
		String env = System.getenv("KVMLAB_IMAGES");
		return Path.of(env != null && !env.isBlank() ? env : "/var/lib/libvirt/images/kvmlab");
	}

	/** kvm where the host offers it (and, locally, /dev/kvm exists), else qemu (TCG). */
	static String domainType(LibvirtHost host) {
		try {
			HostCapabilities caps = host.capabilities();
			if (host.isPractice()) {
				return "kvm";
			}
			boolean kvm = caps.domainTypes().contains("kvm");
			if (host.isLocal()) {
				kvm &= Files.exists(host.local().root().resolve("dev/kvm"));
			}
			return kvm ? "kvm" : "qemu";
		}
		catch (HostException e) {
			return "qemu";
		}
	}

	// ------------------------------------------------------------------ resources

	private boolean exists(Lab.Resource r, ActionContext ctx) {
		return switch (r.kind()) {
			case "domain" -> ctx.host().findDomain(r.name()) != null;
			case "network" -> ctx.host().findNetwork(r.name()) != null;
			case "bridge" -> bridgeExists(ctx, r.name());
			case "file" -> !ctx.practice() && Files.exists(Path.of(ctx.expand(r.name())));
			case "pool" -> ctx.host().findPool(r.name()) != null;
			case "loop" -> !ctx.practice() && ctx.host().isLocal()
					&& !dev.kvmlab.lab.actions.LoopDevice.devices(commands, Path.of(ctx.expand(r.name()))).isEmpty();
			case "veth" -> !ctx.practice() && ctx.host().isLocal()
					&& ctx.host().local().interfaces().stream().anyMatch(i -> i.name().equals(r.name()));
			// a learner's hook is moved aside by the setup (hook-backup) and put back by finish, not worked around
			case "hook" -> false;
			default -> kinds.containsKey(r.kind()) && kinds.get(r.kind()).exists(ctx, r.name());
		};
	}

	private boolean markedByLab(Lab.Resource r, ActionContext ctx) {
		return switch (r.kind()) {
			case "domain" -> {
				DomainInfo d = ctx.host().findDomain(r.name());
				yield d != null && Ownership.ownerLab(d.definition()).map(ctx.labId()::equals).orElse(false);
			}
			case "network" -> {
				NetworkInfo n = ctx.host().findNetwork(r.name());
				yield n != null && Ownership.ownerLab(n.xml()).map(ctx.labId()::equals).orElse(false);
			}
			default -> false;
		};
	}

	private String remove(Lab.Resource r, ActionContext ctx) {
		String name = Lab.isPathKind(r.kind()) ? ctx.expand(r.name()) : r.name();
		try {
			switch (r.kind()) {
				case "domain" -> {
					DomainInfo d = ctx.host().findDomain(name);
					if (d == null) {
						return "domain " + name + ": not there";
					}
					if (!ctx.mayModify("domain", name, d.definition())) {
						return "domain " + name + ": left alone (not this lab's)";
					}
					ctx.host().undefineDomain(name);
					return "removed domain " + name;
				}
				case "network" -> {
					NetworkInfo n = ctx.host().findNetwork(name);
					if (n == null) {
						return "network " + name + ": not there";
					}
					if (!ctx.mayModify("network", name, n.xml())) {
						return "network " + name + ": left alone (not this lab's)";
					}
					ctx.host().undefineNetwork(name);
					return "removed network " + name;
				}
				case "bridge" -> {
					if (!bridgeExists(ctx, name)) {
						return "bridge " + name + ": not there";
					}
					if (!ctx.mayModify("bridge", name, null)) {
						return "bridge " + name + ": left alone (it was there before the lab started)";
					}
					if (!ctx.practice() && !ctx.host().isLocal()) {
						return "bridge " + name + ": left alone (remote host: remove it there)";
					}
					deleteBridge(ctx, name);
					return "removed bridge " + name;
				}
				case "file" -> {
					Path file = Path.of(name);
					if (ctx.practice() || !Files.exists(file)) {
						return "file " + name + ": not there";
					}
					if (!ctx.mayModify("file", r.name(), null)) {
						return "file " + name + ": left alone (it was there before the lab started)";
					}
					Files.delete(file);
					return "removed file " + name;
				}
				case "pool" -> {
					return removePool(ctx, name);
				}
				case "loop" -> {
					Path file = Path.of(name);
					if (ctx.practice() || !ctx.host().isLocal()) {
						return "loop device of " + name + ": not there";
					}
					List<String> devices = dev.kvmlab.lab.actions.LoopDevice.devices(commands, file);
					if (devices.isEmpty()) {
						return "loop device of " + name + ": not there";
					}
					if (!ctx.mayModify("loop", r.name(), null)) {
						return "loop device " + devices + " of " + name + ": left alone (it was there before the lab started)";
					}
					for (String device : devices) {
						commands.run(List.of("losetup", "-d", device));
					}
					return "detached loop device " + String.join(", ", devices) + " (" + name + ")";
				}
				case "hook" -> {
					return dev.kvmlab.lab.actions.HookScripts.finish(ctx, r.name());
				}
				case "veth" -> {
					if (ctx.practice() || !ctx.host().isLocal()
							|| ctx.host().local().interfaces().stream().noneMatch(i -> i.name().equals(name))) {
						return "veth " + name + ": not there";
					}
					if (!ctx.mayModify("veth", name, null)) {
						return "veth " + name + ": left alone (it was there before the lab started)";
					}
					commands.run(List.of("ip", "link", "delete", "dev", name));
					return "removed veth pair " + name;
				}
				case "sysctl" -> {
					return dev.kvmlab.lab.actions.SetSysctl.restore(ctx, name);
				}
				case "hugepages" -> {
					return dev.kvmlab.lab.actions.Hugepages.finish(ctx);
				}
				default -> {
					dev.kvmlab.lab.actions.ResourceKind kind = kinds.get(r.kind());
					if (kind == null) {
						return r.kind() + " " + name + ": unknown kind";
					}
					if (!ctx.mayModify(r.kind(), name, null)) {
						return r.kind() + " " + name + ": left alone (it was there before the lab started)";
					}
					return kind.remove(ctx, name);
				}
			}
		}
		catch (HostException | java.io.IOException e) {
			return r.kind() + " " + name + ": could not remove: " + e.getMessage();
		}
	}

	/**
	 * Stops and undefines a lab pool. A dir pool's lab-* volumes and its folder go too, but only when
	 * that folder is a lab-* folder inside ${images} (a pool pointed elsewhere keeps its files); a
	 * logical pool's volume group is deleted (pool-delete); an fs pool is unmounted by stopping it.
	 */
	private String removePool(ActionContext ctx, String name) {
		dev.kvmlab.host.PoolInfo p = ctx.host().findPool(name);
		if (p == null) {
			return "pool " + name + ": not there";
		}
		if (!ctx.mayModify("pool", name, null)) {
			return "pool " + name + ": left alone (it was there before the lab started)";
		}
		String target = p.xml().value("/pool/target/path");
		Path images = imagesDir().toAbsolutePath().normalize();
		Path dir = target.isEmpty() ? null : Path.of(target).toAbsolutePath().normalize();
		boolean ourFolder = !ctx.practice() && dir != null && dir.startsWith(images) && !dir.equals(images)
				&& dir.getFileName().toString().startsWith(dev.kvmlab.host.Ownership.PREFIX);
		StringBuilder done = new StringBuilder("removed pool " + name);
		if (p.active() && "dir".equals(p.type()) && ourFolder) {
			for (dev.kvmlab.host.VolumeInfo v : p.volumes()) {
				if (dev.kvmlab.host.Ownership.hasPrefix(v.name())) {
					ctx.host().deleteVolume(name, v.name());
					done.append(", volume ").append(v.name());
				}
			}
		}
		ctx.host().destroyPool(name);
		if ("logical".equals(p.type())) {
			try {
				ctx.host().deletePool(name);
				done.append(", its volume group");
			}
			catch (HostException e) {
				done.append(" (volume group not deleted: ").append(e.getMessage()).append(")");
			}
		}
		ctx.host().undefinePool(name);
		if (ourFolder && Files.isDirectory(dir)) {
			try (var entries = Files.list(dir)) {
				if (entries.findAny().isEmpty()) {
					Files.delete(dir);
					done.append(", folder ").append(dir);
				}
				else {
					done.append("; folder ").append(dir).append(" kept: it holds files that are not the lab's");
				}
			}
			catch (java.io.IOException e) {
				done.append("; folder ").append(dir).append(" not removed: ").append(e.getMessage());
			}
		}
		return done.toString();
	}




	private static boolean bridgeExists(ActionContext ctx, String name) {
		if (ctx.practice()) {
			return ctx.host().libvirtInterfaces().stream().anyMatch(i -> i.name().equals(name));
		}
		if (!ctx.host().isLocal()) {
			return false;
		}
		return ctx.host().local().interfaces().stream().anyMatch(i -> i.name().equals(name));
	}

	private void deleteBridge(ActionContext ctx, String name) {
		if (ctx.practice()) {
			ctx.host().undefineInterface(name);
		}
		else if (commands.available("ovs-vsctl") && isOvsBridge(name)) {
			commands.run(List.of("ovs-vsctl", "del-br", name));
		}
		else {
			commands.run(List.of("ip", "link", "delete", "dev", name));
		}
	}

	private boolean isOvsBridge(String name) {
		try {
			commands.run(List.of("ovs-vsctl", "--timeout=5", "br-exists", name));
			return true;
		}
		catch (HostException e) {
			return false;
		}
	}

	// ------------------------------------------------------------------ grading

	/**
	 * Grades the lab on the session's host, read-only against one snapshot, records the attempt and
	 * keeps the full result (with its evidence) as the lab's latest.
	 */
	public GradeResult grade(Lab lab) {
		Rubric rubric = catalog.rubric(lab);
		GradeResult result;
		try (LibvirtHost host = open(lab, true)) {
			LabSession session = progress.peek().lab(lab.id()).sessions.get(host.uri()); // not waiting for earlier attempts' records
			Map<String, String> labVars = session == null ? Map.of() : session.vars;
			result = grade(withPaths(lab, rubric, labVars), host, labVars);
		}
		record(result);
		results.saveLatestLater(result);
		return result;
	}

	/**
	 * Grades the lab on another host, given by its URI (an instructor grading a learner's machine):
	 * its own read-only connection, the session's settings untouched, nothing recorded in this
	 * user's progress.
	 *
	 * @throws dev.kvmlab.host.HostUnreachableException when the URI cannot be opened
	 */
	public GradeResult grade(Lab lab, String uri) {
		Rubric rubric = catalog.rubric(lab);
		try (LibvirtHost host = LibvirtHost.open(uri, true)) {
			return grade(rubric, host);
		}
	}

	/**
	 * The rubric with ${workdir}, ${images}, ${lab} and the session's variables expanded in its string
	 * parameters (a file the learner writes into the lab's work folder), for grading on this machine.
	 */
	private Rubric withPaths(Lab lab, Rubric rubric, Map<String, String> labVars) {
		Map<String, String> vars = new java.util.LinkedHashMap<>(labVars);
		vars.putAll(pathVariables(lab));
		List<dev.kvmlab.grading.Criterion> criteria = new ArrayList<>();
		for (dev.kvmlab.grading.Criterion c : rubric.criteria()) {
			Map<String, Object> values = new java.util.LinkedHashMap<>();
			c.params().values().forEach((k, v) -> {
				Object value = v;
				if (v instanceof String text && text.contains("${")) {
					value = expandPaths(text, vars);
				}
				values.put(k, value);
			});
			criteria.add(c.withParams(new dev.kvmlab.grading.Params(values)));
		}
		return new Rubric(rubric.labId(), rubric.passMark(), criteria, rubric.file());
	}

	/**
	 * Grades one rubric against an open connection, in one snapshot; records nothing. Criteria of
	 * other hosts ({@code host: lab-host-b}) are SKIP: those names mean this machine's cluster, not the
	 * graded machine's.
	 */
	public GradeResult grade(Rubric rubric, LibvirtHost host) {
		Instant started = Instant.now();
		return engine.grade(rubric, host.snapshot(new LinkedHashSet<>(rubric.needs())), Map.of(), started);
	}

	/** Grades with the choices the lab's session recorded on this host (block_pool_type, ...). */
	private GradeResult grade(Rubric rubric, LibvirtHost host, Map<String, String> labVars) {
		Instant started = Instant.now();
		HostSnapshot snapshot = host.snapshot(new LinkedHashSet<>(rubric.needs())).withLabVars(labVars);
		return engine.grade(rubric, snapshot, others(rubric, labVars), started);
	}

	/** Snapshots of the other hosts the rubric grades; a host that cannot be reached is a failed lookup naming it. */
	private Map<String, Lookup<HostSnapshot>> others(Rubric rubric, Map<String, String> labVars) {
		Map<String, Lookup<HostSnapshot>> out = new java.util.LinkedHashMap<>();
		for (String name : rubric.otherHosts()) {
			try (LibvirtHost other = LibvirtHost.open(hosts.uri(name), true)) {
				out.put(name, Lookup.found(other.snapshot(new LinkedHashSet<>(rubric.needs(name))).withLabVars(labVars)));
			}
			catch (HostException e) {
				out.put(name, Lookup.failed(hosts.down(name, e.getMessage())));
			}
		}
		return out;
	}

	/** Records the attempt after the grade has been shown (write-behind; see ProgressStore#later). */
	private void record(GradeResult r) {
		progress.updateLater(p -> {
			LabProgress lp = p.lab(r.lab());
			lp.attempts++;
			lp.lastGraded = r.gradedAt().toString();
			lp.history.add(new Attempt(r.gradedAt().toString(), r.uri(), r.practice(), r.score(), r.maxScore(),
					r.passed(), r.incomplete()));
			if (lp.history.size() > HISTORY_LIMIT) { // the record stays small; best score and count are kept apart
				lp.history.subList(0, lp.history.size() - HISTORY_LIMIT).clear();
			}
			if (!r.practice() && !r.incomplete()
					&& (lp.bestScore == null || lp.bestPercent() == null || r.percent() > lp.bestPercent())) {
				lp.bestScore = r.score();
				lp.bestMax = r.maxScore();
			}
			if (r.passed() && !r.practice()) {
				lp.status = "passed";
			}
			else if ("not-started".equals(lp.status)) {
				lp.status = "graded";
			}
		});
	}

	/** The next hint tier (1-based), remembering how many the learner has seen. */
	public int nextHintTier(Lab lab, boolean all) {
		if (all) {
			return lab.hints().size();
		}
		int[] tier = new int[1];
		progress.update(p -> {
			LabProgress lp = p.lab(lab.id());
			lp.hintsShown = Math.min(lp.hintsShown + 1, lab.hints().size());
			tier[0] = lp.hintsShown;
		});
		return tier[0];
	}
}
