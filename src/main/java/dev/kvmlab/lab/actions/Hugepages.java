package dev.kvmlab.lab.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;
import dev.kvmlab.host.HugepagePool;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.host.QemuThreads;

/**
 * The host's huge page pool of the default size ({@code vm.nr_hugepages}) and a hugetlbfs mount, for
 * labs whose guests run on huge pages. {@code record: true} (setup) mounts hugetlbfs on
 * /dev/hugepages when nothing is mounted (as systemd does at boot) and records the pool's size in the
 * lab's session, once; {@code pages: N} (solve) makes the pool big enough for N pages next to what
 * others hold ({@code sysctl vm.nr_hugepages}); {@code restore: true} puts the recorded
 * size back. {@link #finish} (resource kind {@code hugepages}) restores the pool, never below what is
 * in use, and unmounts what {@code record} mounted.
 */
@Component
public class Hugepages implements ActionType {

	/** Session variable: vm.nr_hugepages when the lab started. */
	static final String RECORDED = "recorded_nr_hugepages";

	/** Session variable: the mount point lab start mounted hugetlbfs on (absent: it was mounted already). */
	static final String MOUNTED = "hugetlbfs_mounted_by_lab";

	/** Session variable: lab start also made the mount point's folder. */
	static final String MADE_DIR = "hugetlbfs_dir_made_by_lab";

	static final Path MOUNT_POINT = Path.of("/dev/hugepages");

	@Override
	public String key() {
		return "hugepages";
	}

	@Override
	public Text description() {
		return Text.of("The default-size huge page pool (vm.nr_hugepages): record: true mounts hugetlbfs on /dev/hugepages if none is mounted and"
				+ " records the pool size; pages: N makes room for N pages next to what others hold (sysctl vm.nr_hugepages); restore: true"
				+ " puts the recorded size back (never below what is in use). The hugepages resource restores it at lab finish.",
				"默认大小的大页池（vm.nr_hugepages）：record: true 在未挂载时把 hugetlbfs 挂载到 /dev/hugepages 并记录池大小；"
						+ "pages: N 在他人占用之外为 N 个页腾出空间（sysctl vm.nr_hugepages）；restore: true 恢复记录的大小（不低于正在使用的页数）。"
						+ "hugepages 资源在 lab finish 时恢复它。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.optional("record", Type.BOOLEAN, "mount hugetlbfs if needed and record the pool size (setup)",
				"必要时挂载 hugetlbfs 并记录大页池大小（setup）"),
				ParamSpec.optional("pages", Type.NUMBER, "pages the lab's guest needs free in the pool (solve)", "实验客户机需要的空闲大页数（solve）"),
				ParamSpec.optional("guest", Type.STRING, "the lab's domain, whose own pages do not count as others' (with pages or restore)",
						"实验虚拟机名称，其已占用的页不计入他人占用（与 pages 或 restore 同用）"),
				ParamSpec.optional("restore", Type.BOOLEAN, "put the recorded pool size back", "恢复记录的大页池大小"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		if (ctx.practice()) {
			return "practice mode: the machine's huge pages are not changed";
		}
		LabFiles.requireLocal(ctx, "huge pages");
		HugepagePool.Pools pools = pools(ctx);
		HugepagePool.Counts pool = pools.of(0);
		if (params.bool("record", false)) {
			return record(ctx, pools, pool);
		}
		long guest = 0;
		if (params.has("guest")) {
			QemuThreads.Process p = QemuThreads.read(ctx.host().local().root(), ctx.expand(params.string("guest"))).orNull();
			guest = p == null ? 0 : Math.min(pool.held(), p.hugetlbKib() / pool.pageKib());
		}
		if (params.has("pages")) {
			long target = params.number("pages", 0) + pool.held() - guest;
			if (pool.persistent() >= target) {
				return "vm.nr_hugepages = " + pool.persistent() + " already has room for " + params.number("pages", 0) + " pages: kept";
			}
			setPersistentPool(ctx, target);
			long got = pools(ctx).of(0).persistent();
			if (got < target) {
				throw new HostException("NO_HUGEPAGES", "asked for vm.nr_hugepages = " + target + ", the kernel made only " + got
						+ " (not enough free memory in 2 MiB blocks)");
			}
			return "set vm.nr_hugepages from " + pool.persistent() + " to " + target + " (sysctl vm.nr_hugepages=" + target + ")";
		}
		if (params.bool("restore", false)) {
			return restore(ctx, pool, guest);
		}
		throw new HostException("CONTENT", "hugepages needs record: true, pages: N or restore: true");
	}

	private static String record(ActionContext ctx, HugepagePool.Pools pools, HugepagePool.Counts pool) {
		StringBuilder done = new StringBuilder();
		if (pools.hugetlbfsMounts().isEmpty()) {
			try {
				if (!Files.isDirectory(MOUNT_POINT)) {
					Files.createDirectories(MOUNT_POINT);
					ctx.remember(MADE_DIR, MOUNT_POINT.toString());
				}
			}
			catch (IOException e) {
				throw new HostException("IO", "cannot make " + MOUNT_POINT + ": " + e.getMessage(), e);
			}
			ctx.commands().run(List.of("mount", "-t", "hugetlbfs", "hugetlbfs", MOUNT_POINT.toString()));
			ctx.remember(MOUNTED, MOUNT_POINT.toString());
			done.append("mounted hugetlbfs on ").append(MOUNT_POINT).append(" (no hugetlbfs was mounted; lab finish unmounts it)."
					+ " libvirtd looks for hugetlbfs mounts only when it starts: <hugepages/> backed by files there works after"
					+ " libvirtd restarts; memfd backing (<source type='memfd'/>) needs neither the mount nor a restart. ");
		}
		else {
			done.append("hugetlbfs is mounted on ").append(String.join(", ", pools.hugetlbfsMounts())).append(". ");
		}
		if (ctx.vars().containsKey(RECORDED)) {
			return done.append("vm.nr_hugepages was ").append(ctx.vars().get(RECORDED))
				.append(" when the lab started (recorded; lab finish puts it back)").toString();
		}
		ctx.remember(RECORDED, Long.toString(pool.persistent()));
		return done.append("recorded vm.nr_hugepages = ").append(pool.persistent()).append(" (").append(pool.pageKib())
			.append(" KiB pages); lab finish puts it back").toString();
	}

	/** Back to the recorded size, never below the pages in use ({@code held}) minus what {@code ownHeld} of them the lab holds. */
	private static String restore(ActionContext ctx, HugepagePool.Counts pool, long ownHeld) {
		String recorded = ctx.vars().get(RECORDED);
		if (recorded == null) {
			return "vm.nr_hugepages: no size recorded at lab start: left at " + pool.persistent();
		}
		long target = Math.max(Long.parseLong(recorded), pool.held() - ownHeld);
		if (target == pool.persistent()) {
			return "vm.nr_hugepages is " + target + (target == Long.parseLong(recorded) ? ", as recorded at lab start"
					: " (recorded " + recorded + ", but " + target + " pages are in use)");
		}
		setPersistentPool(ctx, target);
		return "restored vm.nr_hugepages from " + pool.persistent() + " to " + target
				+ (target == Long.parseLong(recorded) ? " (as recorded at lab start)" : " (recorded " + recorded + "; " + target + " pages are in use)");
	}

	/** lab finish: the recorded pool size back (never below what is in use), and hugetlbfs unmounted when lab start mounted it. */
	public static String finish(ActionContext ctx) {
		if (ctx.practice() || !ctx.host().isLocal()) {
			return "huge pages: not changed (not this machine)";
		}
		StringBuilder done = new StringBuilder(restore(ctx, pools(ctx).of(0), 0));
		String mounted = ctx.vars().get(MOUNTED);
		if (mounted != null) {
			try {
				if (HugepagePool.hugetlbfsMounts(ctx.host().local().root()).contains(mounted)) {
					ctx.commands().run(List.of("umount", mounted));
					done.append("; unmounted hugetlbfs from ").append(mounted);
				}
				if (ctx.vars().containsKey(MADE_DIR) && Files.isDirectory(Path.of(mounted))) {
					Files.delete(Path.of(mounted));
				}
			}
			catch (HostException | IOException e) {
				done.append("; hugetlbfs on ").append(mounted).append(" left mounted: ").append(e.getMessage());
			}
		}
		return done.toString();
	}

	/**
	 * Sets the persistent pool by writing vm.nr_hugepages, as sysctl does. Pages in use above a lower
	 * size stay as surplus pages until their owner lets them go; a higher size first turns surplus pages
	 * back into pool pages. (libvirt's allocpages compares the new size with all pages, surplus
	 * included: it reports lowering under a running guest as a failure, and does nothing when surplus
	 * pages already make up the count.)
	 */
	private static void setPersistentPool(ActionContext ctx, long pages) {
		Path setting = ctx.host().local().root().resolve("proc/sys/vm/nr_hugepages");
		try {
			Files.writeString(setting, Long.toString(pages));
		}
		catch (IOException e) {
			throw new HostException("IO", "cannot write vm.nr_hugepages (" + setting + "): " + e.getMessage(), e);
		}
	}

	private static HugepagePool.Pools pools(ActionContext ctx) {
		Lookup<HugepagePool.Pools> pools = HugepagePool.read(ctx.host().local().root());
		if (pools instanceof Lookup.Found<HugepagePool.Pools> f && f.value().of(0) != null) {
			return f.value();
		}
		throw new HostException("NO_HUGEPAGES", "this kernel offers no huge pages (no /sys/kernel/mm/hugepages or no Hugepagesize)");
	}
}
