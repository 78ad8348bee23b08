/// The codeword lengths of optimal prefix codes: Huffman's algorithm, and package-merge for a length limit.
///
/// Both work on the positive weights only; the caller gives zero-weight symbols no codeword.
enum HuffmanCodeLengths {
    /// Huffman's algorithm with two queues (van Leeuwen): leaves sorted by (weight, symbol index), internal nodes
    /// in the order they are made. On equal weights, `tieBreaking` says which queue gives the node.
    ///
    /// - Parameter weights: positive weights, at least two.
    /// - Returns: the depth of each leaf, in the order of `weights`.
    static func huffman(weights: [Double], tieBreaking: HuffmanCode.TieBreaking) -> [Int] {
        let n = weights.count
        let order = weights.indices.sorted { (weights[$0], $0) < (weights[$1], $1) }
        // Nodes 0..<n are the leaves in sorted order; n..<2n-1 the internal nodes.
        var weight = order.map { weights[$0] }
        weight.reserveCapacity(2 * n - 1)
        var parent = [Int](repeating: -1, count: 2 * n - 1)
        var nextLeaf = 0
        var nextInternal = n
        func takeSmallest() -> Int {
            let internalAvailable = nextInternal < weight.count
            let leafAvailable = nextLeaf < n
            let takeLeaf: Bool
            if !internalAvailable {
                takeLeaf = true
            } else if !leafAvailable {
                takeLeaf = false
            } else {
                switch tieBreaking {
                case .preferLeaves: takeLeaf = weight[nextLeaf] <= weight[nextInternal]
                case .preferMerged: takeLeaf = weight[nextLeaf] < weight[nextInternal]
                }
            }
            if takeLeaf {
                nextLeaf += 1
                return nextLeaf - 1
            }
            nextInternal += 1
            return nextInternal - 1
        }
        for _ in 0..<(n - 1) {
            let a = takeSmallest()
            let b = takeSmallest()
            let node = weight.count
            weight.append(weight[a] + weight[b])
            parent[a] = node
            parent[b] = node
        }
        // Depths: internal nodes are made after their children, so walk them from the root down.
        var depth = [Int](repeating: 0, count: 2 * n - 1)
        for node in stride(from: 2 * n - 3, through: 0, by: -1) {
            depth[node] = depth[parent[node]] + 1
        }
        var lengths = [Int](repeating: 0, count: n)
        for (sorted, symbol) in order.enumerated() {
            lengths[symbol] = depth[sorted]
        }
        return lengths
    }

    /// Package-merge (Larmore and Hirschberg, 1990): the optimal prefix code whose lengths are at most
    /// `maximumLengthBits`. Items of equal weight keep leaves before packages, and leaves in (weight, index) order.
    ///
    /// - Parameters:
    ///   - weights: positive weights, at least two.
    ///   - maximumLengthBits: the limit L, with `weights.count <= 2^L`.
    /// - Returns: the codeword length of each symbol, in the order of `weights`. O(n·L) time and memory.
    static func packageMerge(weights: [Double], maximumLengthBits: Int) -> [Int] {
        let n = weights.count
        let order = weights.indices.sorted { (weights[$0], $0) < (weights[$1], $1) }
        let leafWeights = order.map { weights[$0] }
        // levels[j]: the merged list at level j, each item a leaf (sorted position) or a package (-1).
        var levels: [[Int]] = []
        levels.reserveCapacity(maximumLengthBits)
        var previous: [Double] = []
        for _ in 0..<maximumLengthBits {
            var packages: [Double] = []
            packages.reserveCapacity(previous.count / 2)
            var k = 0
            while k + 1 < previous.count {
                packages.append(previous[k] + previous[k + 1])
                k += 2
            }
            var merged: [Double] = []
            var items: [Int] = []
            merged.reserveCapacity(n + packages.count)
            items.reserveCapacity(n + packages.count)
            var i = 0
            var j = 0
            while i < n || j < packages.count {
                if j == packages.count || (i < n && leafWeights[i] <= packages[j]) {
                    merged.append(leafWeights[i])
                    items.append(i)
                    i += 1
                } else {
                    merged.append(packages[j])
                    items.append(-1)
                    j += 1
                }
            }
            levels.append(items)
            previous = merged
        }
        // Select the first 2n-2 items of the last level; the packages among a selected prefix are the first
        // packages of the level below, which expand into a prefix of twice their number there.
        var sortedLengths = [Int](repeating: 0, count: n)
        var selected = 2 * n - 2
        for level in stride(from: maximumLengthBits - 1, through: 0, by: -1) {
            var packageCount = 0
            for item in levels[level].prefix(selected) {
                if item >= 0 { sortedLengths[item] += 1 } else { packageCount += 1 }
            }
            selected = 2 * packageCount
            if selected == 0 { break }
        }
        var lengths = [Int](repeating: 0, count: n)
        for (sorted, symbol) in order.enumerated() {
            lengths[symbol] = sortedLengths[sorted]
        }
        return lengths
    }
}
