package dev.kvmlab.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.kvmlab.ExitCode;
import dev.kvmlab.KvmlabException;
import dev.kvmlab.host.HostCommands;
import dev.kvmlab.image.GuestImageService.State;
import dev.kvmlab.image.QemuGuest.Accel;

class GuestImageServiceTests {

	private final ObjectMapper json = new ObjectMapper();

	/** A cached image as a build leaves it, with fake file contents. */
	private GuestImageService fakeImage(Path data, int format, String recipe) throws Exception {
		GuestImageService service = new GuestImageService(data, new HostCommands());
		Path dir = Files.createDirectories(service.imageDir());
		Files.writeString(dir.resolve(GuestImage.KERNEL), "kernel");
		Files.writeString(dir.resolve(GuestImage.INITRD), "initrd");
		Files.writeString(dir.resolve(GuestImage.DATA_DISK), "disk");
		Map<String, Manifest.FileInfo> files = new LinkedHashMap<>();
		files.put(GuestImage.KERNEL, GuestImageBuilder.fileInfo(dir.resolve(GuestImage.KERNEL), true));
		files.put(GuestImage.INITRD, GuestImageBuilder.fileInfo(dir.resolve(GuestImage.INITRD), true));
		files.put(GuestImage.DATA_DISK, GuestImageBuilder.fileInfo(dir.resolve(GuestImage.DATA_DISK), false));
		Manifest m = new Manifest(format, recipe, "2025-01-01T00:00:00Z", 1.5, "6.1.0-56-cloud-amd64",
				"linux-image-6.1.0-56-cloud-amd64", Map.of("busybox-static", "1"), List.of("kernel/drivers/virtio/virtio.ko"),
				List.of(), "host", files);
		json.writeValue(dir.resolve(GuestImage.MANIFEST).toFile(), m);
		return service;
	}

	@Test
	void nothingCachedIsAbsent(@TempDir Path data) {
		GuestImageService service = new GuestImageService(data, new HostCommands());
		assertThat(service.status().state()).isEqualTo(State.ABSENT);
		assertThat(service.image()).isEmpty();
		assertThat(service.domainType()).isEmpty();
		assertThat(service.imagesDir()).isEqualTo(data.resolve("images"));
	}

	@Test
	void anIntactCurrentImageIsUsable(@TempDir Path data) throws Exception {
		GuestImageService service = fakeImage(data, GuestScripts.FORMAT, GuestScripts.recipe());
		assertThat(service.status().state()).isEqualTo(State.CURRENT);
		GuestImage image = service.image().orElseThrow();
		assertThat(image.kernel()).isEqualTo(data.resolve("images/kvmlab-guest/vmlinuz"));
		assertThat(image.kernelVersion()).isEqualTo("6.1.0-56-cloud-amd64");
		assertThat(image.manifest().imageId()).hasSize(12);
	}

	@Test
	void aChangedOrMissingFileIsDamage(@TempDir Path data) throws Exception {
		GuestImageService service = fakeImage(data, GuestScripts.FORMAT, GuestScripts.recipe());
		Files.writeString(service.imageDir().resolve(GuestImage.INITRD), "initrE");
		assertThat(service.status().state()).isEqualTo(State.DAMAGED);
		assertThat(service.status().problem()).contains("initrd.img");
		Files.delete(service.imageDir().resolve(GuestImage.INITRD));
		assertThat(service.status().problem()).isEqualTo("initrd.img is missing");
		assertThat(service.image()).isEmpty();
	}

	@Test
	void theDataDiskTemplateMayChange(@TempDir Path data) throws Exception {
		GuestImageService service = fakeImage(data, GuestScripts.FORMAT, GuestScripts.recipe());
		Files.writeString(service.imageDir().resolve(GuestImage.DATA_DISK), "written by a lab");
		assertThat(service.status().state()).isEqualTo(State.CURRENT);
	}

	@Test
	void anotherRecipeOrFormatIsOutdated(@TempDir Path data) throws Exception {
		assertThat(fakeImage(data.resolve("a"), GuestScripts.FORMAT, "0000").status().state()).isEqualTo(State.OUTDATED);
		assertThat(fakeImage(data.resolve("b"), GuestScripts.FORMAT + 1, GuestScripts.recipe()).status().state())
			.isEqualTo(State.OUTDATED);
	}

	@Test
	void anUnreadableManifestIsDamage(@TempDir Path data) throws Exception {
		GuestImageService service = fakeImage(data, GuestScripts.FORMAT, GuestScripts.recipe());
		Files.writeString(service.imageDir().resolve(GuestImage.MANIFEST), "{ not json");
		assertThat(service.status().state()).isEqualTo(State.DAMAGED);
	}

	@Test
	void domainTypeFollowsTheKvmProbe(@TempDir Path data) throws Exception {
		GuestImageService service = new GuestImageService(data, new HostCommands());
		Files.createDirectories(service.imagesDir());
		ProbeResult tcg = new ProbeResult("tcg", true, 3.2, true, 90, "KVMLAB-GUEST-READY x 6.1", "id", "now");
		ProbeResult kvmNo = new ProbeResult("kvm", false, 20, null, 20, "no marker", "id", "now");
		ProbeResult kvmYes = new ProbeResult("kvm", true, 0.8, true, 20, "KVMLAB-GUEST-READY x 6.1", "id", "now");
		String host = GuestImageService.hostName();

		json.writeValue(service.probeFile().toFile(), new ProbeRecord(host, Map.of("tcg", tcg)));
		assertThat(service.domainType()).contains("qemu");
		json.writeValue(service.probeFile().toFile(), new ProbeRecord(host, Map.of("tcg", tcg, "kvm", kvmNo)));
		assertThat(service.domainType()).contains("qemu");
		assertThat(service.probes().result(Accel.KVM).detail()).isEqualTo("no marker");
		json.writeValue(service.probeFile().toFile(), new ProbeRecord(host, Map.of("kvm", kvmYes)));
		assertThat(service.domainType()).contains("kvm");
		// a record from another machine sharing the data folder does not count here
		json.writeValue(service.probeFile().toFile(), new ProbeRecord(host + "-elsewhere", Map.of("kvm", kvmYes)));
		assertThat(service.domainType()).isEmpty();
		Files.writeString(service.probeFile(), "garbage");
		assertThat(service.domainType()).isEmpty();
	}

	@Test
	void probingWithoutAnImageSaysWhatToDo(@TempDir Path data) {
		GuestImageService service = new GuestImageService(data, new HostCommands());
		assertThatThrownBy(() -> service.probe(Accel.TCG, java.time.Duration.ofSeconds(1)))
			.isInstanceOf(KvmlabException.class)
			.hasMessageContaining("image build")
			.satisfies(e -> assertThat(((KvmlabException) e).exitCode()).isEqualTo(ExitCode.HOST_UNREACHABLE));
	}

	@Test
	void baseImageMustExist(@TempDir Path data) {
		GuestImageService service = new GuestImageService(data, new HostCommands());
		assertThatThrownBy(() -> service.useBaseImage(data.resolve("nope.qcow2")))
			.isInstanceOf(KvmlabException.class)
			.hasMessageContaining("no such file")
			.satisfies(e -> assertThat(((KvmlabException) e).exitCode()).isEqualTo(ExitCode.USAGE_OR_CONTENT));
		assertThatThrownBy(() -> service.useBaseImage(data)).hasMessageContaining("not a readable file");
		assertThat(service.config().baseImage()).isNull();
	}

	@Test
	void aTinyFileIsNoCloudImage(@TempDir Path data) throws Exception {
		assumeTrue(new HostCommands().available("qemu-img"), "qemu-img not installed");
		GuestImageService service = new GuestImageService(data, new HostCommands());
		Path text = Files.writeString(data.resolve("notes.txt"), "hello");
		assertThatThrownBy(() -> service.useBaseImage(text)).isInstanceOf(KvmlabException.class)
			.hasMessageContaining("too small");
		assertThat(service.config().baseImage()).isNull();
	}

	@Test
	void baseImageIsCheckedWithQemuImgAndStored(@TempDir Path data) throws Exception {
		HostCommands commands = new HostCommands();
		assumeTrue(commands.available("qemu-img"), "qemu-img not installed");
		GuestImageService service = new GuestImageService(data, commands);
		Path disk = data.resolve("my cloud.qcow2");
		commands.run(List.of("qemu-img", "create", "-q", "-f", "qcow2", disk.toString(), "16M"));
		assertThat(service.useBaseImage(disk)).isEqualTo("qcow2");
		assertThat(service.config().baseImage()).isEqualTo(disk.toString());
		assertThat(service.config().baseImageFormat()).isEqualTo("qcow2");
		assertThat(service.diskInfo(disk).virtualSize()).isEqualTo(16L << 20);
		service.clearBaseImage();
		assertThat(service.config().baseImage()).isNull();
	}
}
