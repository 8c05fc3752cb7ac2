package dev.kvmlab.lab.actions;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.kvmlab.content.Text;
import dev.kvmlab.grading.ParamSpec;
import dev.kvmlab.grading.ParamSpec.Type;
import dev.kvmlab.grading.Params;
import dev.kvmlab.host.HostException;

/**
 * A block device for block-backed storage pools without a spare disk: a sparse file under
 * ${images} attached with {@code losetup --find --show}. Where the kernel has device-mapper the
 * device is left blank for a {@code logical} (LVM) pool; without device-mapper LVM cannot work, so
 * it gets an ext4 file system ({@code mkfs.ext4}) for an {@code fs} pool. The choice and the device
 * are remembered in the lab's session as ${block_pool_type} and ${loop_device}. Idempotent: an
 * attached file keeps its device and its contents.
 */
@Component
public class LoopDevice implements ActionType {

	@Override
	public String key() {
		return "loop-device";
	}

	@Override
	public Text description() {
		return Text.of("Create a sparse file under ${images} and attach it as a loop device (losetup --find --show);"
				+ " blank for a logical pool where the kernel has device-mapper, else formatted ext4 for an fs pool."
				+ " Sets ${loop_device} and ${block_pool_type}.",
				"在 ${images} 下创建稀疏文件并挂接为 loop 设备（losetup --find --show）；内核有 device-mapper 时保持空白供 logical 存储池使用，"
						+ "否则格式化为 ext4 供 fs 存储池使用。设置 ${loop_device} 和 ${block_pool_type}。");
	}

	@Override
	public List<ParamSpec> params() {
		return List.of(ParamSpec.required("file", Type.STRING, "backing file (under ${images}, named lab-*)", "后备文件（位于 ${images} 下，名为 lab-*）"),
				ParamSpec.required("size", Type.STRING, "size of the sparse file, e.g. 256M", "稀疏文件大小，例如 256M"));
	}

	@Override
	public String run(Params params, ActionContext ctx) {
		Path file = Path.of(ctx.expand(params.string("file")));
		if (ctx.practice()) {
			ctx.remember("block_pool_type", "fs");
			ctx.remember("loop_device", "/dev/loop0");
			return "practice mode: no loop device on the real machine; the block pool is of type fs on a pretend /dev/loop0 (libvirt's test driver never opens it)";
		}
		if (!ctx.host().isLocal()) {
			throw new HostException("REMOTE", "loop devices can only be made on the machine itself");
		}
		Path images = Path.of(ctx.vars().get("images"));
		if (!file.normalize().startsWith(images) || !file.getFileName().toString().startsWith("lab-")) {
			throw new HostException("CONTENT", "loop backing files live under " + images + " and are named lab-*, found " + file);
		}
		boolean deviceMapper = ctx.host().local().hasDeviceMapper();
		String type = deviceMapper ? "logical" : "fs";
		StringBuilder done = new StringBuilder();
		boolean fresh = false;
		if (!Files.exists(file)) {
			try {
				Files.createDirectories(file.getParent());
				ctx.recordCreated("file", params.string("file"));
				try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
					raf.setLength(bytes(params.string("size")));
				}
			}
			catch (IOException e) {
				throw new HostException("IO", "cannot create " + file + ": " + e.getMessage(), e);
			}
			fresh = true;
			done.append("created sparse file ").append(file).append(" (").append(params.string("size")).append("); ");
		}
		String device = attached(ctx, file);
		if (device == null) {
			ctx.recordCreated("loop", params.string("file"));
			device = ctx.commands().run(List.of("losetup", "--find", "--show", file.toString())).strip();
			done.append("attached ").append(device);
			if (!deviceMapper && fresh) {
				ctx.commands().run(List.of("mkfs.ext4", "-q", "-F", "-L", "lab-blk", device));
				done.append(", formatted ext4");
			}
		}
		else {
			done.append(file).append(" is already attached as ").append(device);
		}
		ctx.remember("block_pool_type", type);
		ctx.remember("loop_device", device);
		done.append(deviceMapper ? "; device-mapper found: make a logical (LVM) pool on it"
				: "; no device-mapper in this kernel, so LVM cannot work here: make an fs pool on it");
		return done.toString();
	}

	/** The loop device a file is attached to, or null ({@code losetup -j FILE}). */
	static String attached(ActionContext ctx, Path file) {
		return attached(ctx.commands(), file);
	}

	static String attached(dev.kvmlab.host.HostCommands commands, Path file) {
		List<String> devices = devices(commands, file);
		return devices.isEmpty() ? null : devices.get(0);
	}

	/** Every loop device attached to the file. */
	public static List<String> devices(dev.kvmlab.host.HostCommands commands, Path file) {
		String out = commands.run(List.of("losetup", "-j", file.toString()));
		return out.lines().map(l -> l.split(":", 2)[0].strip()).filter(s -> s.startsWith("/dev/loop")).toList();
	}

	static long bytes(String size) {
		String s = size.strip().toUpperCase();
		long unit = 1;
		char last = s.charAt(s.length() - 1);
		if (Character.isLetter(last)) {
			unit = switch (last) {
				case 'K' -> 1L << 10;
				case 'M' -> 1L << 20;
				case 'G' -> 1L << 30;
				default -> throw new HostException("CONTENT", "size " + size + ": use K, M or G");
			};
			s = s.substring(0, s.length() - 1);
		}
		try {
			return Long.parseLong(s) * unit;
		}
		catch (NumberFormatException e) {
			throw new HostException("CONTENT", "size " + size + " is not a number with K, M or G");
		}
	}
}
