package dev.kvmlab.image;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The kernel command line of kvmlab's guest: the console, and the {@code kvmlab.*} parameters its
 * {@code /init} reads. Immutable; each {@code with...} returns a changed copy and rejects a bad value
 * with an {@link IllegalArgumentException} naming it.
 *
 * <pre>
 * GuestCmdline.defaults().hostname("lab-vm1").heartbeat(true).render()
 *   = "console=ttyS0 kvmlab.hostname=lab-vm1 kvmlab.heartbeat=1"
 * </pre>
 */
public final class GuestCmdline {

	/** The line the guest prints on its console when it is up: {@code KVMLAB-GUEST-READY <hostname> <kernel version>}. */
	public static final String READY_MARKER = "KVMLAB-GUEST-READY";

	/** With {@code kvmlab.heartbeat=1}: {@code KVMLAB-HEARTBEAT <hostname> <n>}, n counting up every second. */
	public static final String HEARTBEAT_MARKER = "KVMLAB-HEARTBEAT";

	/** When eth0 has an address: {@code KVMLAB-GUEST-IP eth0 <addr>/<prefix>}. */
	public static final String IP_MARKER = "KVMLAB-GUEST-IP";

	public static final String DEFAULT_HOSTNAME = "kvmlab-guest";

	private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

	private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";

	private static final String IPV4 = OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET;

	private static final Pattern STATIC_IP = Pattern.compile(IPV4 + "/(3[0-2]|[12]?[0-9])(," + IPV4 + ")?");

	private static final Pattern CONSOLE = Pattern.compile("(ttyS[0-3]|hvc[0-7])(,[0-9]+n8)?");

	private static final Pattern EXTRA = Pattern.compile("[\\x21-\\x7e]+");

	private final String console;

	private final String hostname;

	private final String ip;

	private final boolean heartbeat;

	private final int dirtyMib;

	private final boolean panicExit;

	private final List<String> extra;

	private GuestCmdline(String console, String hostname, String ip, boolean heartbeat, int dirtyMib, boolean panicExit,
			List<String> extra) {
		this.console = console;
		this.hostname = hostname;
		this.ip = ip;
		this.heartbeat = heartbeat;
		this.dirtyMib = dirtyMib;
		this.panicExit = panicExit;
		this.extra = List.copyOf(extra);
	}

	/** Console on ttyS0, hostname kvmlab-guest, DHCP on eth0 (the guest's defaults, so not written out). */
	public static GuestCmdline defaults() {
		return new GuestCmdline("ttyS0", null, null, false, 0, false, List.of());
	}

	/** {@code ttyS0} (serial, the default) or {@code hvc0} (virtio console), optionally {@code ,115200n8}. */
	public GuestCmdline console(String value) {
		if (value == null || !CONSOLE.matcher(value).matches()) {
			throw new IllegalArgumentException("console '" + value + "': expected ttyS0..ttyS3 or hvc0..hvc7");
		}
		return new GuestCmdline(value, hostname, ip, heartbeat, dirtyMib, panicExit, extra);
	}

	public GuestCmdline hostname(String value) {
		if (value == null || !HOSTNAME.matcher(value).matches()) {
			throw new IllegalArgumentException("hostname '" + value
					+ "': expected letters, digits and inner dashes, at most 63 characters");
		}
		return new GuestCmdline(console, value, ip, heartbeat, dirtyMib, panicExit, extra);
	}

	/** {@code dhcp}, {@code none}, or a static {@code ADDR/PREFIX} with an optional {@code ,GATEWAY}. */
	public GuestCmdline ip(String value) {
		if (value == null || !(value.equals("dhcp") || value.equals("none") || STATIC_IP.matcher(value).matches())) {
			throw new IllegalArgumentException("ip '" + value + "': expected dhcp, none or ADDR/PREFIX[,GATEWAY]"
					+ " (for example 192.168.122.50/24,192.168.122.1)");
		}
		return new GuestCmdline(console, hostname, value, heartbeat, dirtyMib, panicExit, extra);
	}

	public GuestCmdline heartbeat(boolean on) {
		return new GuestCmdline(console, hostname, ip, on, dirtyMib, panicExit, extra);
	}

	/** MiB of memory the guest keeps rewriting with random data (0: none); give the guest more memory than that. */
	public GuestCmdline dirty(int mib) {
		if (mib < 0 || mib > 1 << 20) {
			throw new IllegalArgumentException("dirty " + mib + " MiB: expected 0 to 1048576");
		}
		return new GuestCmdline(console, hostname, ip, heartbeat, mib, panicExit, extra);
	}

	/** {@code panic=-1}: a kernel panic reboots at once (with QEMU's -no-reboot, or on_reboot=destroy, the guest stops). */
	public GuestCmdline panicExit(boolean on) {
		return new GuestCmdline(console, hostname, ip, heartbeat, dirtyMib, on, extra);
	}

	/** Any other kernel parameter, such as {@code quiet} or {@code loglevel=3}. */
	public GuestCmdline with(String parameter) {
		if (parameter == null || !EXTRA.matcher(parameter).matches()) {
			throw new IllegalArgumentException("kernel parameter '" + parameter + "': expected one word of printable characters");
		}
		List<String> more = new ArrayList<>(extra);
		more.add(parameter);
		return new GuestCmdline(console, hostname, ip, heartbeat, dirtyMib, panicExit, more);
	}

	public String hostnameOrDefault() {
		return hostname == null ? DEFAULT_HOSTNAME : hostname;
	}

	public String render() {
		List<String> words = new ArrayList<>();
		words.add("console=" + console);
		if (hostname != null) {
			words.add("kvmlab.hostname=" + hostname);
		}
		if (ip != null) {
			words.add("kvmlab.ip=" + ip);
		}
		if (heartbeat) {
			words.add("kvmlab.heartbeat=1");
		}
		if (dirtyMib > 0) {
			words.add("kvmlab.dirty=" + dirtyMib);
		}
		if (panicExit) {
			words.add("panic=-1");
		}
		words.addAll(extra);
		return String.join(" ", words);
	}

	@Override
	public String toString() {
		return render();
	}
}
