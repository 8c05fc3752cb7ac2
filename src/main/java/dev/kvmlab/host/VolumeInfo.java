package dev.kvmlab.host;

/** One storage volume of a pool. */
public record VolumeInfo(String name, String path, long capacityBytes, long allocationBytes, XmlDoc xml) {
}
