import CZlib

/// The CRC-32 a gzip member's trailer carries, over its decompressed bytes, which the inflater
/// checks itself (the deflate decoder reads no wrapper). Not zlib's: zlib 1.2.13's table-driven
/// CRC, about 3.5 GB/s here, was 5 % of the reading thread on a 1M-event day (perf). `CZlib/shim.h`
/// folds 64 bytes a step with carry-less multiplication where the processor has it.
enum GzipChecksum {
    /// The CRC so far (0 to begin) continued over `bytes`.
    @inline(__always)
    static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return crc }
        return joinaudit_crc32(crc, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// zlib's own, to compare with.
    static func zlibCRC32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return crc }
        return UInt32(crc32_z(uLong(crc), base.assumingMemoryBound(to: Bytef.self), bytes.count))
    }
}
