package dev.kvmlab.grading.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.kvmlab.grading.CheckResult;
import dev.kvmlab.grading.CheckType;
import dev.kvmlab.grading.Params;
import dev.kvmlab.grading.Status;
import dev.kvmlab.host.HostFacts;
import dev.kvmlab.host.LibvirtHost;
import dev.kvmlab.host.Lookup;
import dev.kvmlab.support.TestHosts;

/**
 * The storage and network check types of the storage-pools and network-modes labs, on libvirt's
 * test driver (the classroom host: a dir pool "images" with two volumes, a NAT network "lan" and an
 * isolated network "isolated"), and the host's choice of a block-backed pool type.
 */
class StorageAndNetworkChecksTests {

	private LibvirtHost host;

	@BeforeEach
	void open() {
		host = TestHosts.classroom();
	}

	@AfterEach
	void close() {
		host.closeForGood();
	}

	private static Params params(Object... keyValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keyValues.length; i += 2) {
			map.put((String) keyValues[i], keyValues[i + 1]);
		}
		return new Params(map);
	}

	private CheckResult grade(CheckType type, Params p) {
		return type.evaluate(p, host.snapshot(type.needs(p)));
	}

	@Test
	void poolStateComparesTypeAndTarget() {
		CheckResult dir = grade(new PoolStateCheck(), params("name", "images", "type", "dir", "target_matches", "/pool/.*"));
		assertThat(dir.status()).as(dir.toString()).isEqualTo(Status.PASS);
		assertThat(dir.found()).startsWith("pool images: type dir, target /pool/images");

		CheckResult fs = grade(new PoolStateCheck(), params("name", "images", "type", "fs"));
		assertThat(fs.status()).isEqualTo(Status.FAIL);

		CheckResult missing = grade(new PoolStateCheck(), params("name", "lab-dir", "type", "dir"));
		assertThat(missing.status()).isEqualTo(Status.FAIL);
		assertThat(missing.found()).isEqualTo("no storage pool named lab-dir");
	}

	@Test
	void blockBackedMeansLogicalWithDeviceMapperAndFsWithout() {
		assertThat(PoolStateCheck.expectedTypes("block-backed", null, Lookup.found(facts(true)))).containsExactly("logical");
		assertThat(PoolStateCheck.expectedTypes("block-backed", null, Lookup.found(facts(false)))).containsExactly("fs");
		assertThat(PoolStateCheck.expectedTypes("block-backed", null, Lookup.unsupported("remote"))).containsExactly("logical", "fs");
		assertThat(PoolStateCheck.expectedTypes("block-backed", "fs", Lookup.found(facts(true)))).as("the session's record first")
			.containsExactly("fs");
		assertThat(PoolStateCheck.expectedTypes("dir", null, Lookup.unsupported("remote"))).containsExactly("dir");
		assertThat(PoolStateCheck.expectedTypes(null, null, Lookup.unsupported("remote"))).isEmpty();
	}

	@Test
	void volumeExistsComparesFormatAndCapacity() {
		CheckResult ok = grade(new VolumeExists(), params("pool", "images", "name", "lab-vm1.qcow2", "format", "qcow2",
				"capacity_mib", "64"));
		assertThat(ok.status()).as(ok.toString()).isEqualTo(Status.PASS);

		CheckResult size = grade(new VolumeExists(), params("pool", "images", "name", "lab-vm1.qcow2", "capacity_mib", "128"));
		assertThat(size.status()).isEqualTo(Status.FAIL);
		assertThat(size.found()).contains("64 MiB");

		CheckResult missing = grade(new VolumeExists(), params("pool", "images", "name", "lab-vol1.qcow2"));
		assertThat(missing.status()).isEqualTo(Status.FAIL);
		assertThat(missing.found()).contains("no volume lab-vol1.qcow2").contains("disk1.qcow2");
	}

	@Test
	void imageInfoIsSkipInPracticeMode() {
		CheckResult r = grade(new ImageInfoCheck(), params("pool", "images", "volume", "lab-vm1.qcow2", "format", "qcow2"));
		assertThat(r.status()).isEqualTo(Status.SKIP);
		assertThat(r.found()).contains("practice mode");
	}

	@Test
	void networkXpathSeesAnIsolatedNetwork() {
		Params isolated = params("name", "isolated", "xpath", "boolean(not(/network/forward))", "equals", "true");
		assertThat(grade(new NetworkXpath(), isolated).status()).isEqualTo(Status.PASS);
		Params lan = params("name", "lan", "xpath", "boolean(not(/network/forward))", "equals", "true");
		assertThat(grade(new NetworkXpath(), lan).status()).isEqualTo(Status.FAIL);
	}

	@Test
	void networkDhcpHostFailsWithoutEntries() {
		CheckResult r = grade(new NetworkDhcpHost(), params("name", "lan", "mac", "52:54:00:4b:00:01", "ip", "192.168.100.10"));
		assertThat(r.status()).isEqualTo(Status.FAIL);
		assertThat(r.found()).isEqualTo("network lan has no DHCP host entries");
	}

	@Test
	void networkDhcpHostMatchesMacCaseInsensitively() {
		host.defineNetwork("<network><name>lab-nat</name><forward mode='nat'/><bridge name='lab-natbr0'/>"
				+ "<ip address='10.77.31.1' netmask='255.255.255.0'><dhcp><range start='10.77.31.100' end='10.77.31.200'/>"
				+ "<host mac='52:54:00:4B:00:01' ip='10.77.31.10'/></dhcp></ip></network>");
		CheckResult r = grade(new NetworkDhcpHost(), params("name", "lab-nat", "mac", "52:54:00:4b:00:01", "ip", "10.77.31.10"));
		assertThat(r.status()).as(r.toString()).isEqualTo(Status.PASS);
		CheckResult other = grade(new NetworkDhcpHost(), params("name", "lab-nat", "mac", "52:54:00:4b:00:01", "ip", "10.77.31.11"));
		assertThat(other.status()).isEqualTo(Status.FAIL);
		assertThat(other.found()).contains("52:54:00:4B:00:01 -> 10.77.31.10");
	}

	@Test
	void ovsNetworkIsSkipWhereOpenvswitchCannotBeSeenOrIsMissing() {
		CheckResult practice = grade(new OvsNetwork(), params("name", "lab-ovs", "vlans", List.of("10", "20")));
		assertThat(practice.status()).isEqualTo(Status.SKIP);
		assertThat(practice.found()).isNotBlank();

		var snapshot = host.snapshot(Set.of(dev.kvmlab.host.Need.network("lab-ovs")));
		var noOvs = new dev.kvmlab.host.HostSnapshot(snapshot.uri(), false, snapshot.takenAt(), snapshot.domains(),
				snapshot.allDomains(), snapshot.networks(), snapshot.pools(), snapshot.interfaces(), Lookup.found(facts(false)),
				snapshot.capabilities());
		CheckResult missing = new OvsNetwork().evaluate(params("name", "lab-ovs", "vlans", List.of("10")), noOvs);
		assertThat(missing.status()).isEqualTo(Status.SKIP);
		assertThat(missing.found()).contains("Open vSwitch is not installed");
	}

	private static HostFacts facts(boolean flag) {
		return new HostFacts(Set.of(), "", true, "", true, Set.of(), false, Set.of(), 2, 0, false, 0, 1, true, false, flag,
				flag);
	}
}
