package dev.kvmlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.kvmlab.ExitCode;
import dev.kvmlab.KvmlabException;
import dev.kvmlab.cluster.ClusterLayout;
import dev.kvmlab.content.Lang;

/** A host that cannot be reached is one line in the learner's language, with the way out; exit 3. */
class HostDownMessageTests {

	@Test
	void aClusterHostIsNamedWithWhatBringsItBack() {
		ClusterLayout layout = ClusterLayout.standard();
		String uri = layout.socketUri(layout.host("lab-host-b").orElseThrow());

		KvmlabException e = HostConnector.down(uri, "Failed to connect socket: No such file or directory\nsecond line");

		assertThat(e.exitCode()).isEqualTo(ExitCode.HOST_UNREACHABLE);
		assertThat(e.getMessage()).isEqualTo("cluster host lab-host-b is down: cannot connect to " + uri
				+ ": Failed to connect socket: No such file or directory; `kvmlab cluster status` shows the cluster,"
				+ " `kvmlab cluster up` starts what is down");
		assertThat(e.message(Lang.ZH_CN)).isEqualTo("集群主机 lab-host-b 已停止：无法连接 " + uri
				+ "：Failed to connect socket: No such file or directory；`kvmlab cluster status` 显示集群状态，"
				+ "`kvmlab cluster up` 会启动停止的部分");
		assertThat(HostConnector.explain(uri, "x")).isEqualTo(HostConnector.down(uri, "x").getMessage());
	}

	@Test
	void anotherHostGetsTheDaemonAdviceAndAPracticeUriNone() {
		KvmlabException real = HostConnector.down("qemu+ssh://trainee:secret@lab.example/system", "Connection refused");
		KvmlabException practice = HostConnector.down("test:///nonexistent.xml", "no such file");

		assertThat(real.getMessage()).startsWith("cannot connect to qemu+ssh://trainee@lab.example/system: Connection refused;")
			.contains("--connect test:///default").doesNotContain("secret");
		assertThat(real.message(Lang.ZH_CN)).startsWith("无法连接 qemu+ssh://trainee@lab.example/system：Connection refused；");
		assertThat(practice.getMessage()).isEqualTo("cannot connect to test:///nonexistent.xml: no such file");
		assertThat(KvmlabException.usage("plain text").message(Lang.ZH_CN)).isEqualTo("plain text");
	}
}
