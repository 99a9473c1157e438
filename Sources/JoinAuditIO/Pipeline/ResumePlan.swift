/// Which inputs a load reads, when the load it continues was killed after committing some of
/// them. A file given again with the same path, size and SHA-256 as one the dead load
/// committed is taken as stored instead of read again, so a re-run of the killed command ends
/// with exactly the database a clean run would have made: no file twice in `files`, no event
/// of the first attempt counted as a re-delivery of the second. Each committed file matches
/// one operand at most, so a file named twice in the command is still read twice, as in a
/// clean run. Standard input cannot be recognised and is always read.
struct ResumePlan {
    /// Operands to read, in order.
    var toRead: [String] = []
    /// Results of the files not read again, from their stored rows.
    var resumed: [Ingestion.FileResult] = []

    init(operands: [String], committed: [EventStore.CommittedFile]) {
        var unmatched = committed
        for path in operands {
            if path != "-", let index = Self.match(path, in: unmatched) {
                let file = unmatched.remove(at: index)
                resumed.append(Ingestion.FileResult(
                    path: path, fileID: file.fileID, events: file.events, badLines: file.badLines, damage: nil,
                    kind: .joinLog, resumed: true, storedDamage: file.damage))
            } else {
                toRead.append(path)
            }
        }
    }

    /// The first committed file that is this file: same path and size, then same SHA-256 (read
    /// only for a candidate, so a re-run without a killed load hashes nothing).
    private static func match(_ path: String, in committed: [EventStore.CommittedFile]) -> Int? {
        let candidates = committed.indices.filter { committed[$0].path == path }
        guard !candidates.isEmpty, let size = FileFingerprint.size(of: path),
              candidates.contains(where: { committed[$0].sizeBytes == size }),
              let fingerprint = FileFingerprint.of(path: path) else { return nil }
        return candidates.first { committed[$0].sizeBytes == fingerprint.sizeBytes && committed[$0].sha256 == fingerprint.sha256 }
    }
}
