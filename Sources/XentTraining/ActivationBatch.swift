/// A batch of activations, channels last: `values[(sample · length + position) · channels + channel]`.
///
/// A dense layer sees each sample as one flat vector of `length · channels` features.
struct ActivationBatch<S: NetworkScalar> {
    var values: [S]
    var batch: Int
    var length: Int
    var channels: Int

    init(values: [S], batch: Int, length: Int, channels: Int) {
        self.values = values
        self.batch = batch
        self.length = length
        self.channels = channels
    }

    init(zerosBatch batch: Int, length: Int, channels: Int) {
        self.init(values: [S](repeating: 0, count: batch * length * channels), batch: batch, length: length,
                  channels: channels)
    }

    /// Features per sample.
    var width: Int { length * channels }
}
