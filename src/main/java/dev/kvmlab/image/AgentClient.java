package dev.kvmlab.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A line-oriented JSON client for a QEMU chardev socket: the host end of qemu-ga's virtio-serial
 * port, or a QMP monitor. Every read has a deadline; nothing waits forever.
 */
public final class AgentClient implements AutoCloseable {

	private final SocketChannel channel;

	private final Selector selector;

	private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

	private AgentClient(SocketChannel channel, Selector selector) {
		this.channel = channel;
		this.selector = selector;
	}

	public static AgentClient connect(Path socket) throws IOException {
		SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			ch.connect(UnixDomainSocketAddress.of(socket));
			ch.configureBlocking(false);
			Selector sel = Selector.open();
			ch.register(sel, SelectionKey.OP_READ);
			return new AgentClient(ch, sel);
		}
		catch (IOException e) {
			ch.close();
			throw e;
		}
	}

	public void send(String json) throws IOException {
		ByteBuffer buf = ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8));
		while (buf.hasRemaining()) {
			channel.write(buf);
		}
	}

	/** The next line the other end sends, or empty when none comes before the deadline. */
	public Optional<String> readLine(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		ByteBuffer buf = ByteBuffer.allocate(8192);
		while (true) {
			byte[] seen = pending.toByteArray();
			for (int i = 0; i < seen.length; i++) {
				if (seen[i] == '\n') {
					String line = new String(seen, 0, i, StandardCharsets.UTF_8).strip();
					pending.reset();
					pending.write(seen, i + 1, seen.length - i - 1);
					return Optional.of(line);
				}
			}
			long left = (deadline - System.nanoTime()) / 1_000_000;
			if (left <= 0) {
				return Optional.empty();
			}
			selector.select(left);
			selector.selectedKeys().clear();
			buf.clear();
			int n = channel.read(buf);
			if (n < 0) {
				throw new IOException("the socket was closed by QEMU");
			}
			pending.write(buf.array(), 0, n);
		}
	}

	/** The first line that satisfies {@code test} before the deadline (other lines, such as QMP events, are skipped). */
	public Optional<String> readUntil(java.util.function.Predicate<String> test, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				return Optional.empty();
			}
			Optional<String> line = readLine(Duration.ofNanos(left));
			if (line.isEmpty() || test.test(line.get())) {
				return line;
			}
		}
	}

	/**
	 * qemu-ga's {@code guest-sync}: after it, the next line answers the next request (answers to
	 * requests sent before the agent was up, or by an earlier client, are skipped).
	 */
	public boolean sync(Duration timeout) throws IOException {
		long id = 1 + (long) (Math.random() * 1_000_000_000L);
		send("{\"execute\":\"guest-sync\",\"arguments\":{\"id\":" + id + "}}");
		return readUntil(l -> l.replace(" ", "").equals("{\"return\":" + id + "}"), timeout).isPresent();
	}

	/** Sends one request and returns the next line. */
	public Optional<String> call(String json, Duration timeout) throws IOException {
		send(json);
		return readLine(timeout);
	}

	/**
	 * Sends {@code guest-ping} until qemu-ga answers {@code {"return": {}}} or {@code timeout} passes.
	 * Until the agent opens its port, QEMU drops what is written, so the ping is repeated each second.
	 */
	public static boolean ping(Path socket, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			try (AgentClient c = connect(socket)) {
				while (System.nanoTime() < deadline) {
					c.send("{\"execute\":\"guest-ping\"}");
					Optional<String> line = c.readLine(Duration.ofSeconds(1));
					if (line.isPresent() && line.get().replace(" ", "").equals("{\"return\":{}}")) {
						return true;
					}
				}
			}
			catch (IOException e) {
				sleepQuietly(200);
			}
			if (Thread.currentThread().isInterrupted()) {
				return false;
			}
		}
		return false;
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() throws IOException {
		try {
			selector.close();
		}
		finally {
			channel.close();
		}
	}
}
