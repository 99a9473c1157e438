import Glibc

/// Turns the command line's operands into the inputs to read, in the order to read them.
///
/// `-` (standard input) and files stay as given, whatever their names; a directory stands
/// for the log files directly inside it, in byte order of their names, so a day's files are
/// read in the same order on every run and `seq` is reproducible. Hidden files, other
/// files and subdirectories are left out. A path that does not exist is an error naming it,
/// before anything is read.
public enum InputExpansion {
    /// Name endings of the files a directory contributes, compared without regard to case.
    /// `.gz` alone covers `.jsonl.gz`, `.json.gz` and `.csv.gz`.
    public static let logFileSuffixes = [".jsonl", ".json", ".csv", ".gz"]

    public static func expand(_ operands: [String]) throws(ReadError) -> [String] {
        var inputs: [String] = []
        for operand in operands {
            if operand == "-" {
                inputs.append(operand)
                continue
            }
            var info = stat()
            guard stat(operand, &info) == 0 else {
                throw .cannotOpen(path: operand, reason: ReadError.systemMessage(errno))
            }
            if info.st_mode & S_IFMT == S_IFDIR {
                inputs += try logFiles(in: operand)
            } else {
                inputs.append(operand)
            }
        }
        return inputs
    }

    /// The log files directly inside `directory`, sorted by name.
    static func logFiles(in directory: String) throws(ReadError) -> [String] {
        guard let handle = opendir(directory) else {
            throw .cannotList(directory: directory, reason: ReadError.systemMessage(errno))
        }
        defer { closedir(handle) }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            guard !name.hasPrefix("."), isLogFileName(name) else { continue }
            var info = stat()
            // Follows symbolic links: a link to a log file counts, a dangling one does not.
            guard stat(prefix + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            names.append(name)
        }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return names.map { prefix + $0 }
    }

    static func isLogFileName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return logFileSuffixes.contains { lowered.hasSuffix($0) && lowered.count > $0.count }
    }
}
