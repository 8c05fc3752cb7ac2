package dev.kvmlab.host;

import java.lang.reflect.Field;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.jna.CString;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.virError;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * libvirt calls that libvirt-java 0.5.4 does not bind, made through JNA on the connection's own
 * pointer. Only {@link LibvirtHost} uses it.
 */
final class LibvirtNative {

	/** The C functions, from the same libvirt library libvirt-java loaded. */
	interface Api extends Library {
		CString virConnectGetDomainCapabilities(ConnectionPointer conn, String emulatorbin, String arch, String machine,
				String virttype, int flags);
	}

	private static final class Holder {
		static final Api API = Native.load("virt", Api.class);
	}

	private LibvirtNative() {
	}

	static String domainCapabilities(Connect connect, String virtType, String arch, String machine) throws LibvirtException {
		CString xml = Holder.API.virConnectGetDomainCapabilities(pointer(connect), null, blankToNull(arch),
				blankToNull(machine), blankToNull(virtType), 0);
		if (xml == null) {
			throw lastError();
		}
		return xml.toString();
	}

	private static String blankToNull(String s) {
		return s == null || s.isBlank() ? null : s;
	}

	private static ConnectionPointer pointer(Connect connect) {
		try {
			Field vcp = Connect.class.getDeclaredField("vcp");
			vcp.setAccessible(true);
			return (ConnectionPointer) vcp.get(connect);
		}
		catch (ReflectiveOperationException | RuntimeException e) {
			throw new HostException("NO_SUPPORT", "this libvirt-java has no connection pointer to call libvirt with: " + e);
		}
	}

	private static LibvirtException lastError() {
		virError error = org.libvirt.jna.Libvirt.INSTANCE.virGetLastError();
		if (error == null) {
			error = new virError();
			error.message = "libvirt returned no domain capabilities and no error";
		}
		try {
			java.lang.reflect.Constructor<LibvirtException> c = LibvirtException.class.getDeclaredConstructor(org.libvirt.Error.class);
			c.setAccessible(true);
			return c.newInstance(new org.libvirt.Error(error));
		}
		catch (ReflectiveOperationException e) {
			throw new HostException("VIR_ERR_UNKNOWN", error.message == null ? "libvirt failed" : error.message.strip());
		}
	}
}
