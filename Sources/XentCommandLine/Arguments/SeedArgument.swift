/// `--seed`: an unsigned 64-bit integer. The option is parsed unconditionally, so that a negative value such as
/// `-1` reaches this check (and is refused naming it, exit 64) rather than being taken for an option.
enum SeedArgument {
    struct Invalid: Error, CustomStringConvertible {
        var description: String { "expected an integer in 0...\(UInt64.max)" }
    }

    static func parse(_ text: String) throws -> UInt64 {
        guard let value = UInt64(text.trimmingBlanks) else { throw Invalid() }
        return value
    }
}
